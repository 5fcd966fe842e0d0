import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartLinesRemove: MutationResolvers['cartLinesRemove'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.removeCartLines(input));
