import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mediaReorder: MutationResolvers['mediaReorder'] = async (_root, { input }, ctx) =>
  payload('product', await ctx.catalog.reorderMedia(input));
