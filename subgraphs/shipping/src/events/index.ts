import type { EventHandlers } from '@shop/bus';
import { recordCancelledOrder, recordPlacedOrder } from '../domain/record-order';

/**
 * The events shipping consumes, exactly once each through the inbox (a handler runs in the inbox transaction; the
 * platform starts the consumer).
 */
export const eventHandlers = (): EventHandlers => ({
  'order.placed': (tx, event) => recordPlacedOrder(tx, event.data),
  'order.cancelled': (tx, event) => recordCancelledOrder(tx, event.data, new Date(event.time)),
});
