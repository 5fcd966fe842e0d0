import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartLinesUpdate: MutationResolvers['cartLinesUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartLines(input));
