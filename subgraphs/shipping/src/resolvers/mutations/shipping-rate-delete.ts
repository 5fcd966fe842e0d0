import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingRateDelete: MutationResolvers['shippingRateDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.deleteRate(input), { deletedShippingRateId: null });
