import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mediaRemove: MutationResolvers['mediaRemove'] = async (_root, { input }, ctx) =>
  payload(await ctx.catalog.removeMedia(input), { deletedMediaId: null, product: null });
