import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const taxRateCreate: MutationResolvers['taxRateCreate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.createTaxRate(input));
