import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const profileUpdate: MutationResolvers['profileUpdate'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.updateProfile(input);
  return result.ok ? { user: result.value, userErrors: [] } : { user: null, userErrors: toUserErrors(result.errors) };
};
