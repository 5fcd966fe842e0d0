import type { ServiceBus } from '@shop/bus';
import type { AuthDeps } from '../domain/deps';
import { createCredential, deleteCredential, verifyUserPassword } from '../domain/credentials';
import { guardStaffAction } from '../domain/staff-guard';
import { grantStaffBySystem } from '../domain/staff-permissions';

/**
 * Answers `cmd.auth.*`; the bus validates requests and replies against the command catalogue. Each handler is one
 * use case; none of them logs the password it receives.
 */
export async function registerCommands(bus: ServiceBus, deps: AuthDeps): Promise<void> {
  await bus.serve('auth.createCredential', (request) => createCredential(deps, request));
  await bus.serve('auth.deleteCredential', (request) => deleteCredential(deps, request.userId));
  await bus.serve('auth.verifyPassword', (request) => verifyUserPassword(deps, request.userId, request.password));
  await bus.serve('auth.staffGuard', (request) => guardStaffAction(deps, request));
  await bus.serve('auth.staffGrant', async (request) => ({ permissions: await grantStaffBySystem(deps, request.userId, request.permissions) }));
}
