import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxRateCreate: MutationResolvers['taxRateCreate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.createTaxRate(input));
