import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxRateUpdate: MutationResolvers['taxRateUpdate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.updateTaxRate(input));
