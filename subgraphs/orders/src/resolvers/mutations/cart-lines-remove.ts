import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartLinesRemove: MutationResolvers['cartLinesRemove'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.removeCartLines(input));
