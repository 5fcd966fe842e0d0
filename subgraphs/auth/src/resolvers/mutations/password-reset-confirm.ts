import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const passwordResetConfirm: MutationResolvers['passwordResetConfirm'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.confirmPasswordReset(input);
  return { userErrors: result.ok ? [] : toUserErrors(result.errors) };
};
