import { asDate } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const pricingRuleCreate: MutationResolvers['pricingRuleCreate'] = async (_root, { input }, ctx) =>
  payload(
    'pricingRule',
    await ctx.pricing.createPricingRule({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }),
  );
