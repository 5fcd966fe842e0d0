import { allow, hasPermission, isAuthenticated, isStaff, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import { USERS_MANAGE } from './domain/known-permissions';

const usersManage = hasPermission(USERS_MANAGE);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here).
 *
 * The sign-in mutations are open to anonymous callers (they are how one stops being anonymous); the rest need a
 * signed-in user, and staff administration `users:manage`.
 *
 * The fields auth adds to User carry their own rule, because other subgraphs reach User through `_entities`, where
 * no Query rule applies. A rule sees the parent but cannot say "the user themselves", so the rule requires a
 * signed-in caller and the use case (user-auth-fields.ts) checks it is the user or users:manage staff.
 */
const Query = rootRules<QueryResolvers>()([
  [usersManage, 'staffPermissions'],
  [isStaff, 'knownStaffPermissions'],
]);

const Mutation = rootRules<MutationResolvers>()([
  [allow, 'login verifyMfa refreshSession passwordResetRequest passwordResetConfirm'],
  [isAuthenticated, 'logout passwordChange mfaEnroll mfaConfirm mfaDisable sessionRevoke'],
  [usersManage, 'staffPermissionsGrant staffPermissionsRevoke'],
]);

const User = {
  id: allow,
  sessions: isAuthenticated,
  mfaEnabled: isAuthenticated,
};

export const permissions = { Query, Mutation, User };
