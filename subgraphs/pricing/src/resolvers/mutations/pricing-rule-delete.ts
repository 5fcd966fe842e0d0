import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const pricingRuleDelete: MutationResolvers['pricingRuleDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.pricing.deletePricingRule(input), { deletedPricingRuleId: null });
