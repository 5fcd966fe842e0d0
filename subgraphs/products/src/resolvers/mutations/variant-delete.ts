import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const variantDelete: MutationResolvers['variantDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.catalog.deleteVariant(input), { deletedVariantId: null, product: null });
