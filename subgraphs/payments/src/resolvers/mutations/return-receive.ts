import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const returnReceive: MutationResolvers['returnReceive'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.receiveReturn(input));
