import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const returnReject: MutationResolvers['returnReject'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.rejectReturn(input));
