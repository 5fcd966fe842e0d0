import type { CommandHandlers } from '@shop/bus';
import type { AuthDeps } from '../domain/deps';
import { createCredential, deleteCredential, verifyUserPassword } from '../domain/credentials';
import { guardStaffAction } from '../domain/staff-guard';
import { grantStaffBySystem } from '../domain/staff-permissions';

/**
 * Answers `cmd.auth.*` (the platform serves them; the bus validates requests and replies against the command
 * catalogue). Each handler is one use case; none of them logs the password it receives.
 */
export const commandHandlers = (deps: AuthDeps): CommandHandlers => ({
  'auth.createCredential': (request) => createCredential(deps, request),
  'auth.deleteCredential': (request) => deleteCredential(deps, request.userId),
  'auth.verifyPassword': (request) => verifyUserPassword(deps, request.userId, request.password),
  'auth.staffGuard': (request) => guardStaffAction(deps, request),
  'auth.staffGrant': async (request) => ({
    permissions: await grantStaffBySystem(deps, request.userId, request.permissions),
  }),
});
