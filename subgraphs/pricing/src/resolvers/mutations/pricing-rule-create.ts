import { asDate, payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const pricingRuleCreate: MutationResolvers['pricingRuleCreate'] = async (_root, { input }, ctx) =>
  payload(
    'pricingRule',
    await ctx.pricing.createPricingRule({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }),
  );
