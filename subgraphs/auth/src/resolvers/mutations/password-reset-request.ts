import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const passwordResetRequest: MutationResolvers['passwordResetRequest'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.requestPasswordReset(input));
