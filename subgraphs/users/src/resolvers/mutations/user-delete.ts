import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const userDelete: MutationResolvers['userDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.deleteUser(input);
  return result.ok ? { deletedUserId: result.value, userErrors: [] } : { deletedUserId: null, userErrors: toUserErrors(result.errors) };
};
