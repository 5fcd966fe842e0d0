import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const accountDelete: MutationResolvers['accountDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.deleteAccount(input);
  return result.ok ? { deletedUserId: result.value, userErrors: [] } : { deletedUserId: null, userErrors: toUserErrors(result.errors) };
};
