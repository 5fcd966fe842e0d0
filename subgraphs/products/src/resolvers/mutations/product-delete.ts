import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const productDelete: MutationResolvers['productDelete'] = async (_root, { input }, ctx) =>
  payload('deletedProductId', await ctx.catalog.deleteProduct(input));
