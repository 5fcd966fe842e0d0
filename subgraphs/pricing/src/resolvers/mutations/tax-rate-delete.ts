import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const taxRateDelete: MutationResolvers['taxRateDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.pricing.deleteTaxRate(input), { deletedTaxRateId: null });
