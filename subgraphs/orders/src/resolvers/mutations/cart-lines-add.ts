import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartLinesAdd: MutationResolvers['cartLinesAdd'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.addCartLines(input));
