import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingRateDelete: MutationResolvers['shippingRateDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.deleteRate(input), { deletedShippingRateId: null });
