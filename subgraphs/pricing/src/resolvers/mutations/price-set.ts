import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const priceSet: MutationResolvers['priceSet'] = async (_root, { input }, ctx) =>
  payload('price', await ctx.pricing.setPrice(input));
