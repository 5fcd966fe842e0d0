import type { DiscountCodeRow, PriceRow, PricingRuleRow, TaxClassRow, TaxRateRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * connections and products' Product and ProductVariant, known here by id, follow codegen's conventions.
 */
export type PriceRangeModel = { min: bigint; max: bigint; currency: string };
export type VariantPriceModel = PriceRow;
export type PricingRuleModel = PricingRuleRow;
export type DiscountCodeModel = DiscountCodeRow;
export type TaxClassModel = TaxClassRow;
export type TaxRateModel = TaxRateRow;
