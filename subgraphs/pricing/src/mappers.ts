import type { PriceRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * types stored as their own row (PricingRule, DiscountCode, TaxClass, TaxRate), the
 * connections and products' Product and ProductVariant, known here by id, follow codegen's conventions.
 */
export type PriceRangeModel = { min: bigint; max: bigint; currency: string };
export type VariantPriceModel = PriceRow;
