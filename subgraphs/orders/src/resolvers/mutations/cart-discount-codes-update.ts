import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartDiscountCodesUpdate: MutationResolvers['cartDiscountCodesUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartDiscountCodes(input));
