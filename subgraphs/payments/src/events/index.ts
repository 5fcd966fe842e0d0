import type { EventHandlers } from '@shop/bus';
import type { PaymentsDeps } from '../domain/deps';
import { captureOnShipment, paymentOfCancelledOrder } from '../domain/order-events';
import { recordDelivery, recordPlacedOrder } from '../domain/returns';

/** The events payments consumes, exactly once each through the inbox (a handler runs in the inbox transaction). */
export const eventHandlers = (deps: PaymentsDeps): EventHandlers => ({
  'order.cancelled': (tx, event) => paymentOfCancelledOrder(deps, tx, event.id, event.data),
  'shipment.shipped': (tx, event) => captureOnShipment(deps, tx, event.id, event.data),
  'order.placed': (tx, event) => recordPlacedOrder(tx, event.data),
  'shipment.delivered': (tx, event) => recordDelivery(tx, event.data),
});
