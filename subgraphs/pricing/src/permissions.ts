import { hasPermission, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission every pricing write and staff list needs (auth's known permission list). */
export const PRICING_WRITE = 'pricing:write';

const pricingWrite = hasPermission(PRICING_WRITE);

/**
 * graphql-shield rules; a root field without a rule is denied by the platform and is a compile error here.
 * Prices themselves are public: they are entity fields (ProductVariant.price, Product.priceRange), not roots.
 */
const Query = rootRules<QueryResolvers>()([[pricingWrite, 'pricingRules discountCodes taxRates']]);

const Mutation = rootRules<MutationResolvers>()([
  [
    pricingWrite,
    `priceSet pricingRuleCreate pricingRuleUpdate pricingRuleDelete
     discountCodeCreate discountCodeUpdate discountCodeDeactivate
     taxClassCreate taxRateCreate taxRateUpdate taxRateDelete`,
  ],
]);

export const permissions = { Query, Mutation };
