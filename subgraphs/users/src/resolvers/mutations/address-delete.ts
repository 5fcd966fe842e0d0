import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const addressDelete: MutationResolvers['addressDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.deleteAddress(input);
  return result.ok
    ? { deletedAddressId: result.value.deletedAddressId, user: result.value.user, userErrors: [] }
    : { deletedAddressId: null, user: null, userErrors: toUserErrors(result.errors) };
};
