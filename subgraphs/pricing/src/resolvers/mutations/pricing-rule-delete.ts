import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const pricingRuleDelete: MutationResolvers['pricingRuleDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.pricing.deletePricingRule(input), { deletedPricingRuleId: null });
