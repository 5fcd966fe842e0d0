import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const productCreate: MutationResolvers['productCreate'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.createProduct(input));
