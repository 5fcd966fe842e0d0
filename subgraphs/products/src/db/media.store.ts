import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { countRows, rowsByIds, rowsByKeys, type Executor } from '@shop/db';
import { media, type MediaKind, type MediaRow } from './schema';

export const mediaByIds = rowsByIds(media);

/** The media of several products, each product's in display order. */
export const mediaByProductIds = rowsByKeys(media, media.productId, [
  asc(media.productId),
  asc(media.position),
  asc(media.id),
]);

/** The media attached to several variants, each variant's in display order. */
export const mediaByVariantIds = rowsByKeys(media, media.variantId, [
  asc(media.variantId),
  asc(media.position),
  asc(media.id),
]);

export async function mediaOfProduct(db: Executor, productId: string): Promise<MediaRow[]> {
  return mediaByProductIds(db, [productId]);
}

export async function countMediaOfProduct(db: Executor, productId: string): Promise<number> {
  return countRows(db, media, eq(media.productId, productId));
}

export interface NewMedia {
  id: string;
  productId: string;
  variantId: string | null;
  kind: MediaKind;
  url: string;
  alt: string;
  position: number;
}

export async function insertMedia(tx: Executor, rows: readonly NewMedia[]): Promise<MediaRow[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(media)
    .values([...rows])
    .returning();
}

/** Deletes one media item and closes the gap it leaves in its product's positions. */
export async function deleteMedia(tx: Executor, row: MediaRow): Promise<void> {
  await tx.delete(media).where(eq(media.id, row.id));
  await tx
    .update(media)
    .set({ position: sql`${media.position} - 1` })
    .where(and(eq(media.productId, row.productId), gt(media.position, row.position)));
}

/** A deleted variant's media stay on the product, no longer tied to the variant. */
export async function detachMediaFromVariant(tx: Executor, variantId: string): Promise<void> {
  await tx.update(media).set({ variantId: null }).where(eq(media.variantId, variantId));
}
