import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const returnApprove: MutationResolvers['returnApprove'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.approveReturn(input));
