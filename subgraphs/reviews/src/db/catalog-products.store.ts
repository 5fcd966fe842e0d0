import { sql } from 'drizzle-orm';
import { rowsByKeys, type Executor } from '@shop/db';
import { catalogProducts, type CatalogProductRow } from './schema';

/**
 * The `catalog_products` table: the last known catalog status of products reviews heard of.
 * Every statement is named after what it reads or writes.
 */

/** Records a product's status as of `changedAt`, unless a newer status is already recorded. */
export async function upsertCatalogProduct(tx: Executor, row: CatalogProductRow): Promise<void> {
  await tx
    .insert(catalogProducts)
    .values(row)
    .onConflictDoUpdate({
      target: catalogProducts.productId,
      set: { status: row.status, changedAt: row.changedAt },
      setWhere: sql`${catalogProducts.changedAt} <= excluded.changed_at`,
    });
}

/** The last known catalog status of products (those reviews heard of): one statement for a page of reviews. */
export const catalogProductsByIds = rowsByKeys(catalogProducts, catalogProducts.productId);
