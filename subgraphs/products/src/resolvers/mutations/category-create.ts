import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const categoryCreate: MutationResolvers['categoryCreate'] = async (_root, { input }, ctx) =>
  payload('category', await ctx.catalog.createCategory(input));
