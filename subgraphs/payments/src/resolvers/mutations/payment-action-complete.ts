import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const paymentActionComplete: MutationResolvers['paymentActionComplete'] = async (_root, { input }, ctx) =>
  payload('payment', await ctx.payments.completeAction(input));
