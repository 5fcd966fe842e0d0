import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mediaReorder: MutationResolvers['mediaReorder'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.reorderMedia(input);
  return result.ok ? { product: result.value, userErrors: [] } : { product: null, userErrors: toUserErrors(result.errors) };
};
