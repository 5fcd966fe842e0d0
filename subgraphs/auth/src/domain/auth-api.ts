import { clearLoaders } from '@shop/db';
import type { UserAuthLoaders } from '../db/loaders';
import { changePassword, type PasswordChangeInput } from './change-password';
import { confirmMfa, type MfaConfirmInput } from './confirm-mfa';
import { confirmPasswordReset, type PasswordResetConfirmInput } from './confirm-password-reset';
import type { AuthDeps, RequestInfo } from './deps';
import { disableMfa, type MfaDisableInput } from './disable-mfa';
import { enrollMfa, type MfaEnrollInput } from './enroll-mfa';
import { login, type LoginInput } from './login';
import { logout, type LogoutInput } from './logout';
import { KNOWN_PERMISSIONS } from './known-permissions';
import { refreshSession, type RefreshSessionInput } from './refresh-session';
import { requestPasswordReset, type PasswordResetRequestInput } from './request-password-reset';
import { revokeSessions, type SessionRevokeInput } from './revoke-sessions';
import {
  grantStaffPermissions,
  revokeStaffPermissions,
  staffPermissionsOf,
  type StaffPermissionsInput,
} from './staff-permissions';
import { mfaEnabledOf, sessionReference, sessionsOfUser } from './user-auth-fields';
import { verifyMfa, type VerifyMfaInput } from './verify-mfa';
import type { Viewer } from './viewer';

/**
 * Auth's use cases bound to one request's viewer, origin and loaders: what resolvers call. `deps` resolves once the
 * keyring is open (immediately after start-up). Writes clear the request's loaders afterwards, so `User` fields
 * resolved after a mutation read what it wrote.
 */
export function createAuthApi(
  deps: () => Promise<AuthDeps>,
  viewer: Viewer,
  request: RequestInfo,
  loaders: UserAuthLoaders,
) {
  const write =
    <I, R>(useCase: (d: AuthDeps, input: I) => Promise<R>) =>
    async (input: I): Promise<R> => {
      try {
        return await useCase(await deps(), input);
      } finally {
        clearLoaders(loaders);
      }
    };
  return {
    viewer,
    sessionsOf: (userId: string) => sessionsOfUser(loaders, viewer, userId),
    mfaEnabledOf: (userId: string) => mfaEnabledOf(loaders, viewer, userId),
    sessionReference: (sessionId: string) => sessionReference(loaders, viewer, sessionId),
    staffPermissionsOf: async (userId: string) => staffPermissionsOf(await deps(), userId),
    knownStaffPermissions: () => KNOWN_PERMISSIONS,

    login: write((d, input: LoginInput) => login(d, request, input)),
    verifyMfa: write((d, input: VerifyMfaInput) => verifyMfa(d, request, input)),
    refreshSession: write((d, input: RefreshSessionInput) => refreshSession(d, request, input)),
    logout: write((d, input: LogoutInput) => logout(d, viewer, input)),
    changePassword: write((d, input: PasswordChangeInput) => changePassword(d, viewer, input)),
    requestPasswordReset: write((d, input: PasswordResetRequestInput) => requestPasswordReset(d, input)),
    confirmPasswordReset: write((d, input: PasswordResetConfirmInput) => confirmPasswordReset(d, input)),
    enrollMfa: write((d, input: MfaEnrollInput) => enrollMfa(d, viewer, input)),
    confirmMfa: write((d, input: MfaConfirmInput) => confirmMfa(d, viewer, input)),
    disableMfa: write((d, input: MfaDisableInput) => disableMfa(d, viewer, input)),
    revokeSessions: write((d, input: SessionRevokeInput) => revokeSessions(d, viewer, input)),
    grantStaffPermissions: write((d, input: StaffPermissionsInput) => grantStaffPermissions(d, viewer, input)),
    revokeStaffPermissions: write((d, input: StaffPermissionsInput) => revokeStaffPermissions(d, viewer, input)),
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
