import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const returnRequest: MutationResolvers['returnRequest'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.requestReturn(input));
