import type { EventHandlers } from '@shop/bus';
import { forgetVariants, trackVariants } from '../domain/catalog-sync';
import type { InventoryDeps } from '../domain/deps';
import { restockCancelledOrder, restockReturn } from '../domain/restock';

/**
 * Products' catalog events, cancelled orders and received returns (exactly-once through the inbox: the handler runs
 * in the inbox's transaction; restocks are also keyed per return and per reservation, see domain/restock.ts).
 */
export const eventHandlers = (deps: InventoryDeps): EventHandlers => ({
  'variant.created': (tx, event) =>
    trackVariants(tx, [{ id: event.data.variantId, productId: event.data.productId, sku: event.data.sku }]),
  'variant.deleted': (tx, event) => forgetVariants(tx, [event.data.variantId]),
  'product.deleted': (tx, event) => forgetVariants(tx, event.data.variantIds),
  'order.cancelled': (tx, event) => restockCancelledOrder(deps, tx, event),
  'return.received': (tx, event) => restockReturn(deps, tx, event),
});
