import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const passwordResetRequest: MutationResolvers['passwordResetRequest'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.requestPasswordReset(input));
