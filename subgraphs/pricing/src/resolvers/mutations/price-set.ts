import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const priceSet: MutationResolvers['priceSet'] = async (_root, { input }, ctx) =>
  payload('price', await ctx.pricing.setPrice(input));
