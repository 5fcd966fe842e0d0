import type { PageArgs } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import { createCode, deactivateCode, updateCode, type CreateCodeInput, type UpdateCodeInput } from './codes';
import type { PricingDeps } from './deps';
import { listDiscountCodes } from './list-discount-codes';
import { listPricingRules } from './list-pricing-rules';
import { listTaxRates } from './list-tax-rates';
import { setPrice, type SetPriceInput } from './prices';
import { createRule, deleteRule, updateRule, type CreateRuleInput, type UpdateRuleInput } from './rules';
import { productPriceRange, variantCompareAtPrice, variantPrice } from './shown-prices';
import { createTaxClass, createTaxRate, deleteTaxRate, updateTaxRate, type CreateTaxRateInput } from './tax';
import type { Viewer } from './viewer';

/**
 * Pricing's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the request's
 * loaders afterwards (also when they throw), so prices resolved after a mutation read what was just written.
 */
export function createPricing(deps: PricingDeps, _viewer: Viewer, loaders: Loaders) {
  const write =
    <I, R>(useCase: (input: I) => Promise<R>) =>
    async (input: I): Promise<R> => {
      try {
        return await useCase(input);
      } finally {
        clearLoaders(loaders);
      }
    };
  const { settings } = deps;
  return {
    variantPrice: (variantId: string, currency?: string | null) => variantPrice(loaders, settings, variantId, currency),
    variantCompareAtPrice: (variantId: string, currency?: string | null) => variantCompareAtPrice(loaders, settings, variantId, currency),
    productPriceRange: (productId: string, currency?: string | null) => productPriceRange(loaders, settings, productId, currency),
    listRules: (args: PageArgs) => listPricingRules(deps.db, args),
    listCodes: (args: PageArgs) => listDiscountCodes(deps.db, args),
    listTaxRates: (args: PageArgs) => listTaxRates(deps.db, args),

    setPrice: write((input: SetPriceInput) => setPrice(deps, input)),
    createRule: write((input: CreateRuleInput) => createRule(deps, input)),
    updateRule: write((input: UpdateRuleInput) => updateRule(deps, input)),
    deleteRule: write((input: { id: string }) => deleteRule(deps, input)),
    createCode: write((input: CreateCodeInput) => createCode(deps, input)),
    updateCode: write((input: UpdateCodeInput) => updateCode(deps, input)),
    deactivateCode: write((input: { id: string }) => deactivateCode(deps, input)),
    createTaxClass: write((input: { name: string; isDefault?: boolean | null }) => createTaxClass(deps, input)),
    createTaxRate: write((input: CreateTaxRateInput) => createTaxRate(deps, input)),
    updateTaxRate: write((input: { id: string; basisPoints?: number | null; name?: string | null }) => updateTaxRate(deps, input)),
    deleteTaxRate: write((input: { id: string }) => deleteTaxRate(deps, input)),
  };
}

export type Pricing = ReturnType<typeof createPricing>;
