import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const passwordResetRequest: MutationResolvers['passwordResetRequest'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.requestPasswordReset(input);
  return { userErrors: result.ok ? [] : toUserErrors(result.errors) };
};
