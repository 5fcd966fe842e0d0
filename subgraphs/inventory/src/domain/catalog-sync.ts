import type { Tx } from '@shop/db';
import { insertVariants, insertZeroStock, markVariantsDeleted, type KnownVariant } from '../db/stock.store';

/**
 * What inventory learns of the catalog from products' events. `variant.created` records the variant and creates
 * zero stock rows in every active warehouse right away (eagerly: staff then see the variant in `stockLevels` before
 * any stock arrives). A warehouse created later gets rows lazily, on the first receive. Deleted variants are kept
 * (the ledger references them) but their stock no longer counts anywhere.
 */
export async function trackVariants(tx: Tx, rows: readonly KnownVariant[]): Promise<void> {
  await insertVariants(tx, rows);
  await insertZeroStock(
    tx,
    rows.map((r) => r.id),
  );
}

export async function forgetVariants(tx: Tx, variantIds: readonly string[]): Promise<void> {
  await markVariantsDeleted(tx, variantIds);
}
