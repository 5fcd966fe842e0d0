import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const passwordResetConfirm: MutationResolvers['passwordResetConfirm'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.confirmPasswordReset(input));
