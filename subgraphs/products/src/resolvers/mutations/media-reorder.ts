import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const mediaReorder: MutationResolvers['mediaReorder'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.reorderMedia(input));
