import type { EventHandlers } from '@shop/bus';
import type { PaymentsDeps } from '../domain/deps';
import { captureOnShipment, paymentOfCancelledOrder } from '../domain/order-events';

/** The events payments consumes, exactly once each through the inbox (a handler runs in the inbox transaction). */
export const eventHandlers = (deps: PaymentsDeps): EventHandlers => ({
  'order.cancelled': (tx, event) => paymentOfCancelledOrder(deps, tx, event.id, event.data),
  'shipment.shipped': (tx, event) => captureOnShipment(deps, tx, event.id, event.data),
});
