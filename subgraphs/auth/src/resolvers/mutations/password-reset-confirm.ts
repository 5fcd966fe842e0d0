import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const passwordResetConfirm: MutationResolvers['passwordResetConfirm'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.confirmPasswordReset(input));
