import type { EventHandlers } from '@shop/bus';
import { forgetVariants, trackVariants } from '../domain/catalog-sync';

/**
 * Products' catalog events (exactly-once through the inbox: the handler runs in the inbox's transaction).
 * `order.cancelled` is not in the event catalogue yet; releasing a cancelled order's reservation is the orders
 * saga's job through `inventory.release` until it is.
 */
export const eventHandlers = (): EventHandlers => ({
  'variant.created': (tx, event) =>
    trackVariants(tx, [{ id: event.data.variantId, productId: event.data.productId, sku: event.data.sku }]),
  'variant.deleted': (tx, event) => forgetVariants(tx, [event.data.variantId]),
  'product.deleted': (tx, event) => forgetVariants(tx, event.data.variantIds),
});
