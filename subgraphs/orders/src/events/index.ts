import { ignoring, type EventHandlers } from '@shop/bus';
import type { OrdersDeps } from '../domain/deps';
import {
  onPaymentAuthorized,
  onPaymentFailed,
  onPaymentRefunded,
  onShipmentCreated,
  onShipmentDelivered,
  onShipmentShipped,
} from '../domain/order-events-consumed';

import { forgetCartsOfUser } from '../domain/cart-forget-user';

/**
 * The events orders consumes, exactly once each through the inbox (a handler runs in the inbox transaction); the
 * platform starts the consumer. Logic lives in domain/. Payments' and shipping's events drive the order state machine;
 * `payment.authorized` resumes a checkout that waited for 3-D Secure.
 */
/** An authorization's outcome that was the authorize call's own answer: the checkout that asked has it already. */
const answeredToCaller = (event: { data: { afterAction?: boolean } }): boolean => event.data.afterAction === false;

export const eventHandlers = (deps: OrdersDeps): EventHandlers => ({
  // ---- Carts and wishlists (orders-cart) ----
  'user.deleted': (tx, event) => forgetCartsOfUser(deps, tx, event.data),
  // ---- Orders and checkout (orders-checkout) ----
  // Only a 3-D Secure step's outcome concerns a checkout: the authorize call's own answer reached its caller already.
  'payment.authorized': ignoring<'payment.authorized'>(answeredToCaller, (tx, event) =>
    onPaymentAuthorized(deps, tx, event.data),
  ),
  'payment.failed': ignoring<'payment.failed'>(answeredToCaller, (tx, event) => onPaymentFailed(deps, tx, event.data)),
  'payment.refunded': (tx, event) => onPaymentRefunded(deps, tx, event.data),
  'shipment.created': (tx, event) => onShipmentCreated(deps, tx, event.data),
  'shipment.shipped': (tx, event) => onShipmentShipped(deps, tx, event.data),
  'shipment.delivered': (tx, event) => onShipmentDelivered(deps, tx, event.data),
});
