import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { catalogVariants, type CatalogVariantRow } from './schema';

export type CatalogFact = Pick<CatalogVariantRow, 'variantId' | 'productId' | 'categoryId'>;

/** Records variants (insert or refresh), batched; `live` comes back to true. */
export async function upsertCatalogVariants(db: Executor, rows: CatalogFact[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(catalogVariants)
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, live: true })))
      .onConflictDoUpdate({
        target: catalogVariants.variantId,
        set: {
          productId: sql`excluded.product_id`,
          categoryId: sql`excluded.category_id`,
          live: true,
          updatedAt: sql`now()`,
        },
      });
  }
}

/** A variant event without the category: keep the category known from the product's other variants. */
export async function upsertVariantOfProduct(db: Executor, variantId: string, productId: string): Promise<void> {
  const [sibling] = await db
    .select({ categoryId: catalogVariants.categoryId })
    .from(catalogVariants)
    .where(eq(catalogVariants.productId, productId))
    .limit(1);
  await upsertCatalogVariants(db, [{ variantId, productId, categoryId: sibling?.categoryId ?? null }]);
}

export async function setProductCategory(db: Executor, productId: string, categoryId: string | null): Promise<void> {
  await db
    .update(catalogVariants)
    .set({ categoryId, updatedAt: sql`now()` })
    .where(eq(catalogVariants.productId, productId));
}

export async function retireVariants(db: Executor, variantIds: string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await db
    .update(catalogVariants)
    .set({ live: false, updatedAt: sql`now()` })
    .where(inArray(catalogVariants.variantId, variantIds));
}

export async function retireProduct(db: Executor, productId: string): Promise<void> {
  await db
    .update(catalogVariants)
    .set({ live: false, updatedAt: sql`now()` })
    .where(eq(catalogVariants.productId, productId));
}

export async function liveCatalogVariants(db: Executor): Promise<CatalogVariantRow[]> {
  return db.select().from(catalogVariants).where(eq(catalogVariants.live, true)).orderBy(catalogVariants.variantId);
}

/** Whether pricing knows any variant yet (an empty table means a first start: backfill). */
export async function catalogIsKnown(db: Executor): Promise<boolean> {
  return (await db.select({ variantId: catalogVariants.variantId }).from(catalogVariants).limit(1)).length > 0;
}
