import type { Resolvers } from '../__generated__/resolvers-types';
import { login } from './mutations/login';
import { logout } from './mutations/logout';
import { mfaConfirm } from './mutations/mfa-confirm';
import { mfaDisable } from './mutations/mfa-disable';
import { mfaEnroll } from './mutations/mfa-enroll';
import { passwordChange } from './mutations/password-change';
import { passwordResetConfirm } from './mutations/password-reset-confirm';
import { passwordResetRequest } from './mutations/password-reset-request';
import { refreshSession } from './mutations/refresh-session';
import { sessionRevoke } from './mutations/session-revoke';
import { staffPermissionsGrant } from './mutations/staff-permissions-grant';
import { staffPermissionsRevoke } from './mutations/staff-permissions-revoke';
import { verifyMfa } from './mutations/verify-mfa';
import { Query } from './Query';
import { DateTime } from '@shop/server';
import { Session, User } from './User';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: {
    login,
    verifyMfa,
    refreshSession,
    logout,
    passwordChange,
    passwordResetRequest,
    passwordResetConfirm,
    mfaEnroll,
    mfaConfirm,
    mfaDisable,
    sessionRevoke,
    staffPermissionsGrant,
    staffPermissionsRevoke,
  },
  User,
  Session,
};
