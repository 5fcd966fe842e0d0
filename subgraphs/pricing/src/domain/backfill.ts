import { newId } from '@shop/core';
import type { ServiceBus } from '@shop/bus';
import type { CommandResponse } from '@shop/events';
import { upsertCatalogVariants } from '../db/catalog.store';
import type { PricingDeps } from './deps';

export interface CatalogVariant {
  variantId: string;
  productId: string;
  categoryId: string | null;
}

/**
 * A page of 1000 variants is a bulk read, not an interactive call: in the embedded runtime every subgraph shares one
 * PGlite while the others seed, so the command's 5 s default is too tight for it on a busy machine.
 */
const PAGE_TIMEOUT_MS = 30_000;

/**
 * Walks products' live catalog through `products.variantsPage` (1000 at a time), recording each page's
 * variant → product → category facts; `onPage` lets the seed price them as they come. Returns the count.
 */
export async function backfillCatalog(
  deps: Pick<PricingDeps, 'db'>,
  bus: Pick<ServiceBus, 'call'>,
  onPage?: (variants: CatalogVariant[]) => Promise<void>,
): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page: CommandResponse<'products.variantsPage'> = await bus.call(
      'products.variantsPage',
      { idempotencyKey: newId(), after, limit: 1000 },
      { timeoutMs: PAGE_TIMEOUT_MS },
    );
    const variants = page.variants.map((v) => ({
      variantId: v.variantId,
      productId: v.productId,
      categoryId: v.categoryId,
    }));
    await upsertCatalogVariants(deps.db, variants);
    if (onPage) await onPage(variants);
    total += variants.length;
    if (!page.next) return total;
    after = page.next;
  }
}
