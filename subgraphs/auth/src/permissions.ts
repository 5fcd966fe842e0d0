import { allow, hasPermission, isAuthenticated, isStaff, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import { USERS_MANAGE } from './domain/known-permissions';

const usersManage = hasPermission(USERS_MANAGE);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 *
 * The sign-in mutations are open to anonymous callers (they are how one stops being anonymous); the rest need a
 * signed-in user, and staff administration `users:manage`.
 *
 * The fields auth adds to User carry their own rule, because other subgraphs reach User through `_entities`, where
 * no Query rule applies. A rule sees the parent but cannot say "the user themselves", so the rule requires a
 * signed-in caller and the use case (user-auth-fields.ts) checks it is the user or users:manage staff.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  staffPermissions: usersManage,
  knownStaffPermissions: isStaff,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  login: allow,
  verifyMfa: allow,
  refreshSession: allow,
  passwordResetRequest: allow,
  passwordResetConfirm: allow,
  logout: isAuthenticated,
  passwordChange: isAuthenticated,
  mfaEnroll: isAuthenticated,
  mfaConfirm: isAuthenticated,
  mfaDisable: isAuthenticated,
  sessionRevoke: isAuthenticated,
  staffPermissionsGrant: usersManage,
  staffPermissionsRevoke: usersManage,
};

const User = {
  id: allow,
  sessions: isAuthenticated,
  mfaEnabled: isAuthenticated,
};

export const permissions = { Query, Mutation, User };
