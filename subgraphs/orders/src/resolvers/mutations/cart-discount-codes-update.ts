import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartDiscountCodesUpdate: MutationResolvers['cartDiscountCodesUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartDiscountCodes(input));
