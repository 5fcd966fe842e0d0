import type { EventHandlers } from '@shop/bus';
import { anonymiseAuthor, hideProductReviews, recordDelivery, recordProductStatus } from '../domain/apply-events';

/** The events reviews consumes, exactly once each through the inbox (the handler runs in the inbox transaction). */
export const eventHandlers = (): EventHandlers => ({
  'order.status_changed': (tx, event) => recordDelivery(tx, event.data),
  'product.created': (tx, event) => recordProductStatus(tx, event.data, event.time),
  'product.updated': (tx, event) => recordProductStatus(tx, event.data, event.time),
  'product.deleted': (tx, event) => hideProductReviews(tx, event.data),
  'user.deleted': (tx, event) => anonymiseAuthor(tx, event.data),
});
