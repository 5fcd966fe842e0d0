import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const productDelete: MutationResolvers['productDelete'] = async (_root, { input }, ctx) =>
  payload('deletedProductId', await ctx.catalog.deleteProduct(input));
