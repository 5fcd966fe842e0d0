import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const variantCreate: MutationResolvers['variantCreate'] = async (_root, { input }, ctx) =>
  payload(await ctx.catalog.createVariant(input), { variant: null, product: null });
