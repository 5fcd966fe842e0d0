import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const userDisable: MutationResolvers['userDisable'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.disableUser(input);
  return result.ok ? { user: result.value, userErrors: [] } : { user: null, userErrors: toUserErrors(result.errors) };
};
