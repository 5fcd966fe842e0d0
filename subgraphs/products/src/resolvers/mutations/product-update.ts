import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const productUpdate: MutationResolvers['productUpdate'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.updateProduct(input));
