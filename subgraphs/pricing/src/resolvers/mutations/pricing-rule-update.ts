import { asDate, payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const pricingRuleUpdate: MutationResolvers['pricingRuleUpdate'] = async (_root, { input }, ctx) =>
  payload(
    'pricingRule',
    await ctx.pricing.updatePricingRule({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }),
  );
