import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const cartLinesAdd: MutationResolvers['cartLinesAdd'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.addCartLines(input));
