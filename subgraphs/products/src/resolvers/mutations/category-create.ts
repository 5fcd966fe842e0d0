import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const categoryCreate: MutationResolvers['categoryCreate'] = async (_root, { input }, ctx) =>
  payload('category', await ctx.catalog.createCategory(input));
