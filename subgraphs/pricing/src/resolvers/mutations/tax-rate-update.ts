import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const taxRateUpdate: MutationResolvers['taxRateUpdate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.updateTaxRate(input));
