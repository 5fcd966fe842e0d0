import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const categoryUpdate: MutationResolvers['categoryUpdate'] = async (_root, { input }, ctx) =>
  payload('category', await ctx.catalog.updateCategory(input));
