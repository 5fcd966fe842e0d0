import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const returnReject: MutationResolvers['returnReject'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.rejectReturn(input));
