import { ignoring, type EventHandlers } from '@shop/bus';
import { retireProduct, retireVariants, setProductCategory, upsertVariantOfProduct } from '../db/catalog.store';
import { redeemCodesIn } from '../domain/redeem-discount-codes';
import type { PricingDeps } from '../domain/deps';

/**
 * pricing's one durable consumer. Each handler runs in the inbox transaction, so its effect and the event id
 * commit together: a redelivered event is a no-op (DESIGN.md §3).
 */
export const eventHandlers = (deps: PricingDeps): EventHandlers => ({
  // Catalog facts for rule conditions and price ranges: variant → product, product → category.
  'variant.created': async (tx, event) => upsertVariantOfProduct(tx, event.data.variantId, event.data.productId),
  'variant.updated': async (tx, event) => upsertVariantOfProduct(tx, event.data.variantId, event.data.productId),
  'variant.deleted': async (tx, event) => retireVariants(tx, [event.data.variantId]),
  'product.created': async (tx, event) => setProductCategory(tx, event.data.productId, event.data.categoryId),
  'product.updated': async (tx, event) => setProductCategory(tx, event.data.productId, event.data.categoryId),
  'product.deleted': async (tx, event) => {
    await retireProduct(tx, event.data.productId);
    await retireVariants(tx, event.data.variantIds);
  },
  // Discount codes are counted when an order is placed (an order without codes has nothing to count).
  'order.placed': ignoring<'order.placed'>(
    (event) => event.data.discountCodes.length === 0,
    async (tx, event) => {
      const outcome = await redeemCodesIn(tx, deps, { ...event.data, placedAt: new Date(event.data.placedAt) });
      if (outcome.refused.length > 0)
        deps.logger.warn(
          { orderId: event.data.orderId, refused: outcome.refused },
          'order used codes that could not be redeemed',
        );
    },
  ),
});
