import type { AddressResolvers } from '../__generated__/resolvers-types';

export const Address: AddressResolvers = {
  // Who may read it is the owner-or-staff rule on the type (permissions.ts), however it was reached.
  __resolveReference: async (reference, ctx) => ctx.loaders.addressById.load(reference.id),
};
