import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const mediaRemove: MutationResolvers['mediaRemove'] = async (_root, { input }, ctx) =>
  payload(await ctx.catalog.removeMedia(input), { deletedMediaId: null, product: null });
