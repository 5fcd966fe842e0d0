import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxClassCreate: MutationResolvers['taxClassCreate'] = async (_root, { input }, ctx) =>
  payload('taxClass', await ctx.pricing.createTaxClass(input), (c) => c);

export const taxRateCreate: MutationResolvers['taxRateCreate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.createTaxRate(input), (r) => r);

export const taxRateUpdate: MutationResolvers['taxRateUpdate'] = async (_root, { input }, ctx) =>
  payload('taxRate', await ctx.pricing.updateTaxRate(input), (r) => r);

export const taxRateDelete: MutationResolvers['taxRateDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.pricing.deleteTaxRate(input);
  return { ...payload('deleted', result, () => null), deletedTaxRateId: result.ok ? result.value.deletedTaxRateId : null };
};
