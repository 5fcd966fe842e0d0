import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const returnApprove: MutationResolvers['returnApprove'] = async (_root, { input }, ctx) =>
  payload('return', await ctx.payments.approveReturn(input));
