import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartCreate: MutationResolvers['cartCreate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.createCart(input));
