import { hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission every pricing write and staff list needs (auth's known permission list). */
export const PRICING_WRITE = 'pricing:write';

const pricingWrite = hasPermission(PRICING_WRITE);

/**
 * graphql-shield rules; a root field without a rule is denied by the platform and is a compile error here.
 * Prices themselves are public: they are entity fields (ProductVariant.price, Product.priceRange), not roots.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  pricingRules: pricingWrite,
  discountCodes: pricingWrite,
  taxRates: pricingWrite,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  priceSet: pricingWrite,
  pricingRuleCreate: pricingWrite,
  pricingRuleUpdate: pricingWrite,
  pricingRuleDelete: pricingWrite,
  discountCodeCreate: pricingWrite,
  discountCodeUpdate: pricingWrite,
  discountCodeDeactivate: pricingWrite,
  taxClassCreate: pricingWrite,
  taxRateCreate: pricingWrite,
  taxRateUpdate: pricingWrite,
  taxRateDelete: pricingWrite,
};

export const permissions = { Query, Mutation };
