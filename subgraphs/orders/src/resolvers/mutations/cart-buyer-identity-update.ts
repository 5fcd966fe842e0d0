import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartBuyerIdentityUpdate: MutationResolvers['cartBuyerIdentityUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartBuyerIdentity(input));
