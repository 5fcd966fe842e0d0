import { eq } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { deletedProducts } from './schema';

/**
 * The `deleted_products` table: products deleted in the catalog, so no review can be written for them.
 * Every statement is named after what it reads or writes.
 */

export async function recordDeletedProduct(tx: Executor, productId: string): Promise<void> {
  await tx.insert(deletedProducts).values({ productId }).onConflictDoNothing();
}

export async function isProductDeleted(db: Executor, productId: string): Promise<boolean> {
  const rows = await db
    .select({ id: deletedProducts.productId })
    .from(deletedProducts)
    .where(eq(deletedProducts.productId, productId))
    .limit(1);
  return rows.length > 0;
}
