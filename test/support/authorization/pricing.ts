import { randomUUID } from 'node:crypto';
import type { Access, Row } from '../authorization-table';

/**
 * pricing: prices are public entity fields (no root field); every root field is staff work needing pricing:write.
 * Inputs are harmless: unknown ids and invalid values come back as userErrors, and nothing is created.
 */
const PRICING_WRITE: Access = { kind: 'permission', permission: 'pricing:write' };
const ERRORS = 'userErrors { code }';
const nowhere = () => randomUUID();
const mutation = (field: string, input: string) => ({ query: `mutation { ${field}(input: ${input}) { ${ERRORS} } }` });

export const rows: Record<string, Row> = {
  'Query.pricingRules': { access: PRICING_WRITE, operation: () => ({ query: `{ pricingRules(first: 1) { edges { cursor } } }` }) },
  'Query.discountCodes': { access: PRICING_WRITE, operation: () => ({ query: `{ discountCodes(first: 1) { edges { cursor } } }` }) },
  'Query.taxRates': { access: PRICING_WRITE, operation: () => ({ query: `{ taxRates(first: 1) { edges { cursor } } }` }) },
  // "19.999" has too many decimal places for USD: INVALID_AMOUNT, nothing stored.
  'Mutation.priceSet': { access: PRICING_WRITE, operation: () => mutation('priceSet', `{ variantId: "${nowhere()}", currency: USD, amount: "19.999" }`) },
  'Mutation.pricingRuleCreate': { access: PRICING_WRITE, operation: () => mutation('pricingRuleCreate', `{ name: "matrix", kind: PERCENTAGE, basisPoints: 0 }`) },
  'Mutation.pricingRuleUpdate': { access: PRICING_WRITE, operation: () => mutation('pricingRuleUpdate', `{ id: "${nowhere()}", priority: 1 }`) },
  'Mutation.pricingRuleDelete': { access: PRICING_WRITE, operation: () => mutation('pricingRuleDelete', `{ id: "${nowhere()}" }`) },
  'Mutation.discountCodeCreate': { access: PRICING_WRITE, operation: () => mutation('discountCodeCreate', `{ code: "no spaces allowed", kind: FREE_SHIPPING }`) },
  'Mutation.discountCodeUpdate': { access: PRICING_WRITE, operation: () => mutation('discountCodeUpdate', `{ id: "${nowhere()}", usageLimit: 5 }`) },
  'Mutation.discountCodeDeactivate': { access: PRICING_WRITE, operation: () => mutation('discountCodeDeactivate', `{ id: "${nowhere()}" }`) },
  'Mutation.taxClassCreate': { access: PRICING_WRITE, operation: () => mutation('taxClassCreate', `{ name: "" }`) },
  'Mutation.taxRateCreate': { access: PRICING_WRITE, operation: () => mutation('taxRateCreate', `{ taxClassId: "${nowhere()}", country: "ZZ", basisPoints: 100, name: "matrix" }`) },
  'Mutation.taxRateUpdate': { access: PRICING_WRITE, operation: () => mutation('taxRateUpdate', `{ id: "${nowhere()}", basisPoints: 100 }`) },
  'Mutation.taxRateDelete': { access: PRICING_WRITE, operation: () => mutation('taxRateDelete', `{ id: "${nowhere()}" }`) },
};
