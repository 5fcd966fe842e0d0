import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const addressUpdate: MutationResolvers['addressUpdate'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.updateAddress(input);
  return result.ok
    ? { address: result.value.address, user: result.value.user, userErrors: [] }
    : { address: null, user: null, userErrors: toUserErrors(result.errors) };
};
