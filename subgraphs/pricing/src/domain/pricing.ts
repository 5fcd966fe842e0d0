import { type PageArgs, writesThen } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createDiscountCode, type CreateCodeInput } from './create-discount-code';
import { createPricingRule, type CreateRuleInput } from './create-pricing-rule';
import { createTaxClass, type CreateTaxClassInput } from './create-tax-class';
import { createTaxRate, type CreateTaxRateInput } from './create-tax-rate';
import { deactivateDiscountCode } from './deactivate-discount-code';
import { deletePricingRule } from './delete-pricing-rule';
import { deleteTaxRate } from './delete-tax-rate';
import type { PricingDeps } from './deps';
import { taxClassOf } from './find-tax-class';
import { listDiscountCodes } from './list-discount-codes';
import { listPricingRules } from './list-pricing-rules';
import { listTaxRates } from './list-tax-rates';
import { setPrice, type SetPriceInput } from './set-price';
import { productPriceRange, variantCompareAtPrice, variantPrice } from './shown-prices';
import { updateDiscountCode, type UpdateCodeInput } from './update-discount-code';
import { updatePricingRule, type UpdateRuleInput } from './update-pricing-rule';
import { updateTaxRate, type UpdateTaxRateInput } from './update-tax-rate';
import type { Viewer } from './viewer';

/**
 * Pricing's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards (also when they throw), so prices resolved after a mutation read what was just written.
 */
export function createPricing(deps: PricingDeps, _viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
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

    setPrice: write((input: SetPriceInput) => setPrice(deps, input)),
    createPricingRule: write((input: CreateRuleInput) => createPricingRule(deps, input)),
    updatePricingRule: write((input: UpdateRuleInput) => updatePricingRule(deps, input)),
    deletePricingRule: write((input: { id: string }) => deletePricingRule(deps, input)),
    createDiscountCode: write((input: CreateCodeInput) => createDiscountCode(deps, input)),
    updateDiscountCode: write((input: UpdateCodeInput) => updateDiscountCode(deps, input)),
    deactivateDiscountCode: write((input: { id: string }) => deactivateDiscountCode(deps, input)),
    createTaxClass: write((input: CreateTaxClassInput) => createTaxClass(deps, input)),
    createTaxRate: write((input: CreateTaxRateInput) => createTaxRate(deps, input)),
    updateTaxRate: write((input: UpdateTaxRateInput) => updateTaxRate(deps, input)),
    deleteTaxRate: write((input: { id: string }) => deleteTaxRate(deps, input)),
  };
}

export type Pricing = ReturnType<typeof createPricing>;
