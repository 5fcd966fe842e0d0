import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxRateDelete: MutationResolvers['taxRateDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.pricing.deleteTaxRate(input);
  return { ...payload('deleted', result, () => null), deletedTaxRateId: result.ok ? result.value.deletedTaxRateId : null };
};
