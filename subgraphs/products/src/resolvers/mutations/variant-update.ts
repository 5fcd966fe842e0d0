import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const variantUpdate: MutationResolvers['variantUpdate'] = async (_root, { input }, ctx) => {
  const result = await ctx.catalog.updateVariant(input);
  return result.ok ? { variant: result.value, userErrors: [] } : { variant: null, userErrors: toUserErrors(result.errors) };
};
