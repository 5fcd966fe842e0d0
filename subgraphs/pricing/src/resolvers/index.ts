import type { Resolvers } from '../__generated__/resolvers-types';
import { Product, PriceRange, ProductVariant } from './entities';
import { discountCodeCreate, discountCodeDeactivate, discountCodeUpdate } from './mutations/discount-codes';
import { priceSet } from './mutations/price-set';
import { pricingRuleCreate, pricingRuleDelete, pricingRuleUpdate } from './mutations/pricing-rules';
import { taxClassCreate, taxRateCreate, taxRateDelete, taxRateUpdate } from './mutations/tax';
import { DiscountCode, PricingRule, TaxRate, VariantPrice } from './objects';
import { Query } from './Query';
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
  TaxRate,
};
