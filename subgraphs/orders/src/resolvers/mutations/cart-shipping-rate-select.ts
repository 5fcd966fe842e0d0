import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartShippingRateSelect: MutationResolvers['cartShippingRateSelect'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.selectCartShippingRate(input));
