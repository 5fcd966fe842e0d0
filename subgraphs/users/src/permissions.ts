import { allow, hasPermission, isAuthenticated, perObjectRule, rootRules, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import type { Context } from './context';
import type { AddressRow, VisibleUserRow } from './db/schema';
import { mayRead } from './domain/viewer';

/** Staff permission to read every account. */
export const USERS_READ = 'users:read';
/** Staff permission to disable, enable and delete accounts (it implies reading them). */
export const USERS_MANAGE = 'users:manage';

/**
 * Owner or staff, decided per object: the rule sits on every field of User and Address, so it holds however the
 * object was reached (`me`, `user`, `users`, a payload, or `_entities` from another subgraph). Not cached across
 * parents: each object has its own owner.
 */
function ownerOrStaff<Parent>(ownerOf: (parent: Parent) => string): ShieldRule {
  return perObjectRule(
    (parent: Parent, ctx: Context) => mayRead(ctx.viewer, ownerOf(parent)),
    'You can only see your own account.',
  );
}

const userOwnerOrStaff = ownerOrStaff((user: VisibleUserRow) => user.id);
const addressOwnerOrStaff = ownerOrStaff((address: AddressRow) => address.userId);

const usersRead = hasPermission(USERS_READ);
const usersManage = hasPermission(USERS_MANAGE);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here). Ownership inside
 * the use cases (an address must be yours, `user(id)` must be you) is the second line.
 */
const Query = rootRules<QueryResolvers>()([
  // Anonymous callers get null.
  [allow, 'me'],
  // Yourself, or anyone with users:read: decided in the use case, since it depends on the argument.
  [isAuthenticated, 'user'],
  [usersRead, 'users'],
]);

const Mutation = rootRules<MutationResolvers>()([
  [allow, 'register'],
  [
    isAuthenticated,
    'profileUpdate preferencesUpdate addressCreate addressUpdate addressDelete accountDelete exportMyData',
  ],
  [usersManage, 'userDisable userEnable userDelete'],
]);

export const permissions = {
  Query,
  Mutation,
  User: { '*': userOwnerOrStaff },
  Address: { '*': addressOwnerOrStaff },
};
