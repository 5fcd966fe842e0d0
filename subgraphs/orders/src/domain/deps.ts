import type { Emit, ServiceBus } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { CartSettings } from './cart-settings';

/** What the orders use cases need from the platform: the database, the outbox and other services' commands. */
export interface OrdersDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  /** Calls other services' commands (products, inventory, pricing, shipping). */
  bus: Pick<ServiceBus, 'call'>;
  logger: Logger;
  /** Carts: reservations, their TTL and how long to wait for other services. */
  cart: CartSettings;
}
