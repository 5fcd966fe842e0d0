import type { Connection, Money } from '@shop/core';
import type { DiscountCodeRow, PriceRow, PricingRuleRow, TaxClassRow, TaxRateRow } from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type ProductVariantModel = { id: string };
export type ProductModel = { id: string };
export type MoneyModel = Money;
export type PriceRangeModel = { min: bigint; max: bigint; currency: string };
export type VariantPriceModel = PriceRow;
export type PricingRuleModel = PricingRuleRow;
export type DiscountCodeModel = DiscountCodeRow;
export type TaxClassModel = TaxClassRow;
export type TaxRateModel = TaxRateRow;
export type PricingRuleConnectionModel = Connection<PricingRuleRow>;
export type DiscountCodeConnectionModel = Connection<DiscountCodeRow>;
export type TaxRateConnectionModel = Connection<TaxRateRow>;
