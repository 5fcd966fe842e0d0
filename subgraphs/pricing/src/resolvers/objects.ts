import { toMoney } from '@shop/core';
import type {
  DiscountCodeResolvers,
  PricingRuleResolvers,
  TaxRateResolvers,
  VariantPriceResolvers,
} from '../__generated__/resolvers-types';

const moneyOrNull = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? null : toMoney(minor, currency));

export const VariantPrice: VariantPriceResolvers = {
  amount: (row) => toMoney(row.amount, row.currency),
  compareAtAmount: (row) => moneyOrNull(row.compareAt, row.currency),
};

export const PricingRule: PricingRuleResolvers = {
  amount: (rule) => moneyOrNull(rule.amount, rule.currency),
};

export const DiscountCode: DiscountCodeResolvers = {
  amount: (code) => moneyOrNull(code.amount, code.currency),
  minimumSubtotal: (code) => moneyOrNull(code.minimumSubtotal, code.currency),
};

export const TaxRate: TaxRateResolvers = {
  region: (rate) => (rate.region === '' ? null : rate.region),
  // Staff pages hold at most 100 rates over a handful of classes; DataLoader's cache keeps it to one read per class.
  taxClass: async (rate, _args, ctx) => {
    const taxClass = await ctx.pricing.taxClassOf(rate.taxClassId);
    if (!taxClass) throw new Error(`tax class ${rate.taxClassId} is missing`);
    return taxClass;
  },
};
