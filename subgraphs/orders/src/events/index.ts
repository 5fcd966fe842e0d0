import type { EventHandlers } from '@shop/bus';
import type { OrdersDeps } from '../domain/deps';
import { forgetCartsOfUser } from '../domain/cart-forget-user';

/**
 * The events orders consumes, exactly once each through the inbox (a handler runs in the inbox transaction); the
 * platform starts the consumer. Logic lives in domain/.
 */
export const eventHandlers = (deps: OrdersDeps): EventHandlers => ({
  // ---- Carts and wishlists (orders-cart) ----
  'user.deleted': (tx, event) => forgetCartsOfUser(deps, tx, event.data),
});
