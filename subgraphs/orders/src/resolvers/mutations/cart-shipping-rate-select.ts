import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartShippingRateSelect: MutationResolvers['cartShippingRateSelect'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.selectCartShippingRate(input));
