import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const productUpdate: MutationResolvers['productUpdate'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.updateProduct(input));
