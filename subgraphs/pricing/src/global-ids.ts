import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/pricing.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'VariantPrice.variantId': 'ProductVariant',
  'PriceSetInput.variantId': 'ProductVariant',
  'PricingRule.productId': 'Product',
  'PricingRule.categoryId': 'Category',
  'PricingRuleCreateInput.productId': 'Product',
  'PricingRuleCreateInput.categoryId': 'Category',
  'PricingRuleUpdateInput.id': 'PricingRule',
  'PricingRuleUpdateInput.productId': 'Product',
  'PricingRuleUpdateInput.categoryId': 'Category',
  'PricingRuleDeleteInput.id': 'PricingRule',
  'PricingRuleDeletePayload.deletedPricingRuleId': 'PricingRule',
  'DiscountCodeUpdateInput.id': 'DiscountCode',
  'DiscountCodeDeactivateInput.id': 'DiscountCode',
  'TaxRateCreateInput.taxClassId': 'TaxClass',
  'TaxRateUpdateInput.id': 'TaxRate',
  'TaxRateDeleteInput.id': 'TaxRate',
  'TaxRateDeletePayload.deletedTaxRateId': 'TaxRate',
};
