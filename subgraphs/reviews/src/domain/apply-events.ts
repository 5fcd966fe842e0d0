import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import { upsertCatalogProduct } from '../db/catalog-products.store';
import { recordDeletedProduct } from '../db/deleted-products.store';
import { deleteRating } from '../db/product-ratings.store';
import { insertPurchases, lockPurchasesOfUser } from '../db/purchases.store';
import { anonymiseReviewsOfUser, hideReviewsOfProduct, markReviewsVerified } from '../db/reviews.store';

/** What a deleted account's reviews show as their author; the ratings stay. */
export const FORMER_CUSTOMER = 'Former customer';

/**
 * order.status_changed: when an order is DELIVERED its (user, product) pairs become purchases, and the user's
 * existing reviews of those products become verified. A review written later checks the purchases table.
 */
export async function recordDelivery(tx: Tx, data: EventData<'order.status_changed'>): Promise<void> {
  if (data.status !== 'DELIVERED') return;
  const productIds = [...new Set(data.lines.map((line) => line.productId))];
  await lockPurchasesOfUser(tx, data.userId);
  await insertPurchases(tx, data.orderId, data.userId, productIds);
  await markReviewsVerified(tx, data.userId, productIds);
}

/**
 * product.deleted: its reviews disappear everywhere, its rating is dropped (the reviews are kept for audit), and
 * new reviews of it are refused.
 */
export async function hideProductReviews(tx: Tx, data: EventData<'product.deleted'>): Promise<void> {
  await recordDeletedProduct(tx, data.productId);
  await hideReviewsOfProduct(tx, data.productId);
  await deleteRating(tx, data.productId);
}

/** user.deleted: the author's name is erased; the reviews and their ratings stay. */
export async function anonymiseAuthor(tx: Tx, data: EventData<'user.deleted'>): Promise<void> {
  await anonymiseReviewsOfUser(tx, data.userId, FORMER_CUSTOMER);
}

/** product.created / product.updated: remembers the product's status, so Review.product can hide non-public ones. */
export async function recordProductStatus(tx: Tx, data: EventData<'product.updated'>, time: string): Promise<void> {
  await upsertCatalogProduct(tx, { productId: data.productId, status: data.status, changedAt: new Date(time) });
}
