import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mediaAdd: MutationResolvers['mediaAdd'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.addMedia(input);
  return result.ok ? { ...result.value, userErrors: [] } : { media: null, product: null, userErrors: toUserErrors(result.errors) };
};
