import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const register: MutationResolvers['register'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.register(input);
  return result.ok ? { user: result.value, userErrors: [] } : { user: null, userErrors: toUserErrors(result.errors) };
};
