import type { UserPreferencesResolvers, UserResolvers } from '../__generated__/resolvers-types';
import { notificationList } from '../domain/preferences';

export const User: UserResolvers = {
  // Any account that finished registering resolves here, deleted (anonymised) ones included: orders and reviews
  // keep their references. Who may read its fields is the owner-or-staff rule on the type (permissions.ts).
  __resolveReference: async (reference, ctx) => ctx.loaders.userById.load(reference.id),
  addresses: (user, _args, ctx) => ctx.loaders.addressesByUserId.load(user.id),
  // The defaults come out of the same per-user list: no statement of their own.
  defaultShippingAddress: async (user, _args, ctx) =>
    (await ctx.loaders.addressesByUserId.load(user.id)).find((address) => address.isDefaultShipping) ?? null,
  defaultBillingAddress: async (user, _args, ctx) =>
    (await ctx.loaders.addressesByUserId.load(user.id)).find((address) => address.isDefaultBilling) ?? null,
  preferences: (user) => user.preferences,
};

export const UserPreferences: UserPreferencesResolvers = {
  marketingConsent: (preferences) => preferences.marketingConsent,
  notifications: (preferences) => notificationList(preferences),
};
