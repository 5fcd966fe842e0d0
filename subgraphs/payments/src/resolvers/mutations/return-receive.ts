import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const returnReceive: MutationResolvers['returnReceive'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.receiveReturn(input));
