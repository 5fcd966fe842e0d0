import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartBuyerIdentityUpdate: MutationResolvers['cartBuyerIdentityUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartBuyerIdentity(input));
