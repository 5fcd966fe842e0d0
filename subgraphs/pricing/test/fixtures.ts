import { newId } from '@shop/core';
import {
  asGid,
  commandCaller,
  staff,
  startTestSubgraphWithDeps,
  unique,
  type Caller,
  type CommandCaller,
  type TestSubgraphWithDeps,
} from '@shop/testing';
import { pricingDepsOf } from '../src/context';
import type { PricingDeps } from '../src/domain/deps';
import { pricingSettingsFromEnv } from '../src/domain/settings';
import { createPricingSubgraph } from '../src/service';

/** Pricing's own test pieces: the subgraph on the shared harness with its use cases' dependencies, `pricing.quote`, and price fixtures. */

export interface PricingHarness extends TestSubgraphWithDeps<PricingDeps> {
  /** `pricing.quote` over the bus, as checkout calls it. */
  quote: CommandCaller<'pricing.quote'>;
}

/**
 * With background work on by default (consumers and command handlers: `deliver` and `quote` need them); `background:
 * false` is for statement counts, which the relay's polls would disturb. The catalog backfill at start is off.
 */
export async function startPricingHarness(
  label: string,
  options: { background?: boolean } = {},
): Promise<PricingHarness> {
  const settings = { ...pricingSettingsFromEnv({}), backfillOnStart: false };
  const h = await startTestSubgraphWithDeps(
    createPricingSubgraph({ settings }),
    (deps) => pricingDepsOf(deps, settings),
    { label, ...options },
  );
  return { ...h, quote: commandCaller(h.subgraph.deps.bus, 'pricing.quote') };
}

/** Staff with `pricing:write`. */
export const STAFF: Caller = staff(['pricing:write']);

/** The customer of a quote for nobody signed in. */
export const GUEST = { userId: null, group: null };

/** A discount code no other call returns, in upper case (so its lower-case form is another case of it). */
export const uniqueCode = (prefix: string): string => unique(prefix).toUpperCase();

/** A variant products "created": announced through `variant.created` (and its product's category). */
export async function knownVariant(
  h: PricingHarness,
  productId = newId(),
  categoryId: string | null = null,
): Promise<{ variantId: string; productId: string }> {
  const variantId = newId();
  await h.deliver('variant.created', variantId, {
    variantId,
    productId,
    sku: `SKU-${variantId.slice(-8)}`,
    weightGrams: 100,
  });
  if (categoryId)
    await h.deliver('product.updated', productId, {
      productId,
      slug: `p-${productId.slice(-8)}`,
      name: 'P',
      status: 'ACTIVE',
      categoryId,
    });
  return { variantId, productId };
}

export async function setPrice(
  h: PricingHarness,
  variantId: string,
  currency: string,
  amount: string,
  compareAtAmount?: string | null,
): Promise<void> {
  const input = { variantId: asGid('ProductVariant', variantId), currency, amount, compareAtAmount };
  await h.mutate('priceSet', input, '', STAFF);
}

/** Product and category ids in a rule's input as clients send them (fixtures name them by raw UUID). */
export function ruleInput(input: Record<string, unknown>): Record<string, unknown> {
  const { productId, categoryId } = input;
  return {
    ...input,
    ...(typeof productId === 'string' ? { productId: asGid('Product', productId) } : {}),
    ...(typeof categoryId === 'string' ? { categoryId: asGid('Category', categoryId) } : {}),
  };
}

/** Creates a pricing rule through the API: its global ID. */
export async function createRule(h: PricingHarness, input: Record<string, unknown>): Promise<string> {
  const { pricingRule } = await h.mutate<{ pricingRule: { id: string } }>(
    'pricingRuleCreate',
    ruleInput(input),
    'pricingRule { id }',
    STAFF,
  );
  return pricingRule.id;
}

export async function createCode(h: PricingHarness, input: Record<string, unknown>): Promise<string> {
  const { discountCode } = await h.mutate<{ discountCode: { id: string } }>(
    'discountCodeCreate',
    input,
    'discountCode { id }',
    STAFF,
  );
  return discountCode.id;
}
