import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const variantUpdate: MutationResolvers['variantUpdate'] = async (_root, { input }, ctx) =>
  payload('variant', await ctx.catalog.updateVariant(input));
