import type { QueryResolvers } from '../__generated__/resolvers-types';

/** Staff lists (pricing:write), oldest first. */
export const Query: QueryResolvers = {
  pricingRules: (_root, args, ctx) => ctx.pricing.listPricingRules(args),
  discountCodes: (_root, args, ctx) => ctx.pricing.listDiscountCodes(args),
  taxRates: (_root, args, ctx) => ctx.pricing.listTaxRates(args),
};
