import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const productCreate: MutationResolvers['productCreate'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.createProduct(input));
