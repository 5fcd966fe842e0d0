import type { Resolvers } from '../__generated__/resolvers-types';
import { DiscountCode } from './DiscountCode';
import { discountCodeCreate } from './mutations/discount-code-create';
import { discountCodeDeactivate } from './mutations/discount-code-deactivate';
import { discountCodeUpdate } from './mutations/discount-code-update';
import { priceSet } from './mutations/price-set';
import { pricingRuleCreate } from './mutations/pricing-rule-create';
import { pricingRuleDelete } from './mutations/pricing-rule-delete';
import { pricingRuleUpdate } from './mutations/pricing-rule-update';
import { taxClassCreate } from './mutations/tax-class-create';
import { taxRateCreate } from './mutations/tax-rate-create';
import { taxRateDelete } from './mutations/tax-rate-delete';
import { taxRateUpdate } from './mutations/tax-rate-update';
import { PriceRange } from './PriceRange';
import { PricingRule } from './PricingRule';
import { Product } from './Product';
import { ProductVariant } from './ProductVariant';
import { Query } from './Query';
import { TaxClass } from './TaxClass';
import { TaxRate } from './TaxRate';
import { VariantPrice } from './VariantPrice';
import { DateTime, Decimal } from '@shop/server';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    priceSet,
    pricingRuleCreate,
    pricingRuleUpdate,
    pricingRuleDelete,
    discountCodeCreate,
    discountCodeUpdate,
    discountCodeDeactivate,
    taxClassCreate,
    taxRateCreate,
    taxRateUpdate,
    taxRateDelete,
  },
  ProductVariant,
  Product,
  PriceRange,
  VariantPrice,
  PricingRule,
  DiscountCode,
  TaxClass,
  TaxRate,
};
