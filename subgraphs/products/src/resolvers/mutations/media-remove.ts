import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mediaRemove: MutationResolvers['mediaRemove'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.removeMedia(input);
  return result.ok ? { ...result.value, userErrors: [] } : { deletedMediaId: null, product: null, userErrors: toUserErrors(result.errors) };
};
