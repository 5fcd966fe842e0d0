import { and, asc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { rowsByIds, rowsByKeys, rowWhere, updateRowById, type Executor } from '@shop/db';
import { products, variants, type ProductStatus, type StoredOptionValue, type VariantRow } from './schema';

/** Variants by id, deleted ones included: orders keep referencing them. */
export const variantsByIds = rowsByIds(variants);

/** The live variants of several products, each product's in display order. */
export const liveVariantsByProductIds = rowsByKeys(
  variants,
  variants.productId,
  [asc(variants.productId), asc(variants.position), asc(variants.id)],
  isNull(variants.deletedAt),
);

export async function liveVariantsOfProduct(db: Executor, productId: string): Promise<VariantRow[]> {
  return liveVariantsByProductIds(db, [productId]);
}

export const findLiveVariant = (db: Executor, id: string): Promise<VariantRow | undefined> =>
  rowWhere(db, variants, and(eq(variants.id, id), isNull(variants.deletedAt)));

/** Which of `skus` live variants already use (lower-cased), optionally ignoring one variant. */
export async function takenSkus(db: Executor, skus: readonly string[], exceptVariantId?: string): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const lowered = sql<string>`lower(${variants.sku})`;
  const rows = await db
    .select({ sku: lowered })
    .from(variants)
    .where(
      and(
        inArray(
          lowered,
          skus.map((s) => s.toLowerCase()),
        ),
        isNull(variants.deletedAt),
        exceptVariantId ? ne(variants.id, exceptVariantId) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.sku));
}

export interface NewVariant {
  id: string;
  productId: string;
  sku: string;
  optionValues: StoredOptionValue[];
  optionKey: string;
  weightGrams: number;
  position: number;
}

/** Inserts many variants in one multi-row statement; returns them in input order. */
export async function insertVariants(tx: Executor, rows: readonly NewVariant[]): Promise<VariantRow[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(variants)
    .values([...rows])
    .returning();
  const byId = new Map(inserted.map((r) => [r.id, r]));
  return rows.map((r) => byId.get(r.id)!);
}

export type VariantPatch = Partial<Pick<NewVariant, 'sku' | 'optionValues' | 'optionKey' | 'weightGrams'>>;

export async function updateVariantRow(tx: Executor, id: string, patch: VariantPatch): Promise<VariantRow> {
  return (await updateRowById(tx, variants, id, patch))!;
}

export async function softDeleteVariant(tx: Executor, id: string): Promise<void> {
  await tx
    .update(variants)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(variants.id, id));
}

/** Soft-deletes every live variant of a product; returns their ids. */
export async function softDeleteLiveVariantsOfProduct(tx: Executor, productId: string): Promise<string[]> {
  const rows = await tx
    .update(variants)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(variants.productId, productId), isNull(variants.deletedAt)))
    .returning({ id: variants.id });
  return rows.map((r) => r.id);
}

export interface VariantSummaryRow {
  variantId: string;
  productId: string;
  sku: string;
  weightGrams: number;
  productStatus: ProductStatus;
  categoryId: string | null;
}

/** A variant summary with what a buyer saw: the product's name and the variant's option values. */
export interface NamedVariantSummaryRow extends VariantSummaryRow {
  productName: string;
  optionValues: StoredOptionValue[];
}

/** Live variants of live products with the product facts other services need (the `products.variantsGet` command). */
export async function liveVariantSummaries(db: Executor, ids: readonly string[]): Promise<NamedVariantSummaryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      variantId: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      productName: products.name,
      optionValues: variants.optionValues,
      weightGrams: variants.weightGrams,
      productStatus: products.status,
      categoryId: products.categoryId,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(inArray(variants.id, [...ids]), isNull(variants.deletedAt), isNull(products.deletedAt)));
}

/** Live variants of live products in id order after `after`: one page of the catalog for other services. */
export async function liveVariantSummariesPage(
  db: Executor,
  after: string | null,
  limit: number,
): Promise<VariantSummaryRow[]> {
  return db
    .select({
      variantId: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      weightGrams: variants.weightGrams,
      productStatus: products.status,
      categoryId: products.categoryId,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(after ? gt(variants.id, after) : undefined, isNull(variants.deletedAt), isNull(products.deletedAt)))
    .orderBy(asc(variants.id))
    .limit(limit);
}
