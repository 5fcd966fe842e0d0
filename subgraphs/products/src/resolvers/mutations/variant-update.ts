import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const variantUpdate: MutationResolvers['variantUpdate'] = async (_root, { input }, ctx) =>
  payload('variant', await ctx.catalog.updateVariant(input));
