import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const cartCreate: MutationResolvers['cartCreate'] = async (_root, { input }, ctx) =>
  payload('cart', await ctx.carts.createCart(input));
