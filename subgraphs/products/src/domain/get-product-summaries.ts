import type { CommandResponse } from '@shop/events';
import type { Executor } from '@shop/db';
import { liveProductStatuses } from '../db/products.store';

type ProductSummary = CommandResponse<'products.productsGet'>['products'][number];

/**
 * Whether products exist and what status they are in, for other services, in request order without repeats (ids
 * in lower case).
 * Deleted products are left out: a caller must treat them as not existing.
 */
export async function getProductSummaries(db: Executor, productIds: readonly string[]): Promise<ProductSummary[]> {
  // uuids in any case name the same product; answers use the canonical lower case.
  const unique = [...new Set(productIds.map((id) => id.toLowerCase()))];
  const rows = await liveProductStatuses(db, unique);
  const byId = new Map(rows.map((row) => [row.productId, row]));
  return unique.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
