import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingRateCreate: MutationResolvers['shippingRateCreate'] = async (_root, { input }, ctx) =>
  payload('shippingRate', await ctx.shipping.createRate(input));
