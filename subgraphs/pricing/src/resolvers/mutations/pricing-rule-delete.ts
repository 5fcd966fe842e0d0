import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const pricingRuleDelete: MutationResolvers['pricingRuleDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.pricing.deletePricingRule(input);
  return { ...payload('deleted', result, () => null), deletedPricingRuleId: result.ok ? result.value.deletedPricingRuleId : null };
};
