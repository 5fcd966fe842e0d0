import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingRateUpdate: MutationResolvers['shippingRateUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingRate', await ctx.shipping.updateRate(input));
