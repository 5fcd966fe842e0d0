import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Access, Row } from '../authorization-table';

/**
 * pricing: prices are public entity fields (no root field); every root field is staff work needing pricing:write.
 * Inputs are harmless: unknown ids and invalid values come back as userErrors, and nothing is created.
 */
const PRICING_WRITE: Access = { kind: 'permission', permission: 'pricing:write' };
const ERRORS = 'userErrors { code }';
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string) => ({ query: `mutation { ${field}(input: ${input}) { ${ERRORS} } }` });

export const rows: Record<string, Row> = {
  'Query.pricingRules': {
    access: PRICING_WRITE,
    operation: () => ({ query: `{ pricingRules(first: 1) { edges { cursor } } }` }),
  },
  'Query.discountCodes': {
    access: PRICING_WRITE,
    operation: () => ({ query: `{ discountCodes(first: 1) { edges { cursor } } }` }),
  },
  'Query.taxRates': {
    access: PRICING_WRITE,
    operation: () => ({ query: `{ taxRates(first: 1) { edges { cursor } } }` }),
  },
  // "19.999" has too many decimal places for USD: INVALID_AMOUNT, nothing stored.
  'Mutation.priceSet': {
    access: PRICING_WRITE,
    operation: () =>
      mutation('priceSet', `{ variantId: "${nowhereId('ProductVariant')}", currency: USD, amount: "19.999" }`),
  },
  'Mutation.pricingRuleCreate': {
    access: PRICING_WRITE,
    operation: () => mutation('pricingRuleCreate', `{ name: "matrix", kind: PERCENTAGE, basisPoints: 0 }`),
  },
  'Mutation.pricingRuleUpdate': {
    access: PRICING_WRITE,
    operation: () => mutation('pricingRuleUpdate', `{ id: "${nowhereId('PricingRule')}", priority: 1 }`),
  },
  'Mutation.pricingRuleDelete': {
    access: PRICING_WRITE,
    operation: () => mutation('pricingRuleDelete', `{ id: "${nowhereId('PricingRule')}" }`),
  },
  'Mutation.discountCodeCreate': {
    access: PRICING_WRITE,
    operation: () => mutation('discountCodeCreate', `{ code: "no spaces allowed", kind: FREE_SHIPPING }`),
  },
  'Mutation.discountCodeUpdate': {
    access: PRICING_WRITE,
    operation: () => mutation('discountCodeUpdate', `{ id: "${nowhereId('DiscountCode')}", usageLimit: 5 }`),
  },
  'Mutation.discountCodeDeactivate': {
    access: PRICING_WRITE,
    operation: () => mutation('discountCodeDeactivate', `{ id: "${nowhereId('DiscountCode')}" }`),
  },
  'Mutation.taxClassCreate': { access: PRICING_WRITE, operation: () => mutation('taxClassCreate', `{ name: "" }`) },
  'Mutation.taxRateCreate': {
    access: PRICING_WRITE,
    operation: () =>
      mutation(
        'taxRateCreate',
        `{ taxClassId: "${nowhereId('TaxClass')}", country: "ZZ", basisPoints: 100, name: "matrix" }`,
      ),
  },
  'Mutation.taxRateUpdate': {
    access: PRICING_WRITE,
    operation: () => mutation('taxRateUpdate', `{ id: "${nowhereId('TaxRate')}", basisPoints: 100 }`),
  },
  'Mutation.taxRateDelete': {
    access: PRICING_WRITE,
    operation: () => mutation('taxRateDelete', `{ id: "${nowhereId('TaxRate')}" }`),
  },
};
