import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartLinesUpdate: MutationResolvers['cartLinesUpdate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.updateCartLines(input));
