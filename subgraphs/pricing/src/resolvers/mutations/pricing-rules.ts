import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { asDate, payload } from '../user-errors';

// The three rule mutations share one file: each maps its input, calls one use case and maps the result.

export const pricingRuleCreate: MutationResolvers['pricingRuleCreate'] = async (_root, { input }, ctx) =>
  payload('pricingRule', await ctx.pricing.createRule({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }), (r) => r);

export const pricingRuleUpdate: MutationResolvers['pricingRuleUpdate'] = async (_root, { input }, ctx) =>
  payload('pricingRule', await ctx.pricing.updateRule({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }), (r) => r);

export const pricingRuleDelete: MutationResolvers['pricingRuleDelete'] = async (_root, { input }, ctx) => {
  const result = await ctx.pricing.deleteRule(input);
  return { ...payload('deleted', result, () => null), deletedPricingRuleId: result.ok ? result.value.deletedPricingRuleId : null };
};
