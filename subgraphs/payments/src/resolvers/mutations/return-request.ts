import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const returnRequest: MutationResolvers['returnRequest'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.requestReturn(input));
