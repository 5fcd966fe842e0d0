import { type PageArgs, writesFor } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createDiscountCode } from './create-discount-code';
import { createPricingRule } from './create-pricing-rule';
import { createTaxClass } from './create-tax-class';
import { createTaxRate } from './create-tax-rate';
import { deactivateDiscountCode } from './deactivate-discount-code';
import { deletePricingRule } from './delete-pricing-rule';
import { deleteTaxRate } from './delete-tax-rate';
import type { PricingDeps } from './deps';
import { taxClassOf } from './find-tax-class';
import { listDiscountCodes } from './list-discount-codes';
import { listPricingRules } from './list-pricing-rules';
import { listTaxRates } from './list-tax-rates';
import { setPrice } from './set-price';
import { productPriceRange, variantCompareAtPrice, variantPrice } from './shown-prices';
import { updateDiscountCode } from './update-discount-code';
import { updatePricingRule } from './update-pricing-rule';
import { updateTaxRate } from './update-tax-rate';
import type { Viewer } from './viewer';

/**
 * Pricing's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards (also when they throw), so prices resolved after a mutation read what was just written.
 */
export function createPricing(deps: PricingDeps, _viewer: Viewer, loaders: Loaders) {
  const { writeWithoutCaller } = writesFor(deps, null, () => clearLoaders(loaders));
  const { settings } = deps;
  return {
    variantPrice: (variantId: string, currency?: string | null) => variantPrice(loaders, settings, variantId, currency),
    variantCompareAtPrice: (variantId: string, currency?: string | null) =>
      variantCompareAtPrice(loaders, settings, variantId, currency),
    productPriceRange: (productId: string, currency?: string | null) =>
      productPriceRange(loaders, settings, productId, currency),
    taxClassOf: (taxClassId: string) => taxClassOf(loaders, taxClassId),
    listPricingRules: (args: PageArgs) => listPricingRules(deps.db, args),
    listDiscountCodes: (args: PageArgs) => listDiscountCodes(deps.db, args),
    listTaxRates: (args: PageArgs) => listTaxRates(deps.db, args),

    setPrice: writeWithoutCaller(setPrice),
    createPricingRule: writeWithoutCaller(createPricingRule),
    updatePricingRule: writeWithoutCaller(updatePricingRule),
    deletePricingRule: writeWithoutCaller(deletePricingRule),
    createDiscountCode: writeWithoutCaller(createDiscountCode),
    updateDiscountCode: writeWithoutCaller(updateDiscountCode),
    deactivateDiscountCode: writeWithoutCaller(deactivateDiscountCode),
    createTaxClass: writeWithoutCaller(createTaxClass),
    createTaxRate: writeWithoutCaller(createTaxRate),
    updateTaxRate: writeWithoutCaller(updateTaxRate),
    deleteTaxRate: writeWithoutCaller(deleteTaxRate),
  };
}

export type Pricing = ReturnType<typeof createPricing>;
