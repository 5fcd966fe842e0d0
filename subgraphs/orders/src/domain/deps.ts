import type { ServiceBus } from '@shop/bus';
import type { Executor, StatementWrite } from '@shop/db';
import type { PlatformDeps } from '@shop/server';
import type { CartSettings } from './cart-settings';
import type { CheckoutCart } from './checkout-cart';

/** What the orders use cases need from the platform: the database, the outbox and other services' commands. */
export interface OrdersDeps extends PlatformDeps {
  /** Calls other services' commands (products, inventory, pricing, shipping). */
  bus: Pick<ServiceBus, 'call'>;
  /** Carts: reservations, their TTL and how long to wait for other services. */
  cart: CartSettings;
  // ---- Orders and checkout (orders-checkout) ----
  /** Checkout's timings (settings.ts). */
  checkout: CheckoutSettings;
  /** The carts checkout reads and closes (db/checkout-carts.store.ts; tests of the saga alone pass a stand-in). */
  carts: CheckoutCarts;
}

/** What checkout does with carts. */
export interface CheckoutCarts {
  /** An OPEN cart with its lines, or null. */
  forCheckout(db: Executor, cartId: string): Promise<CheckoutCart | null>;
  /**
   * The write that locks the cart for the rest of the transaction while it is OPEN, built and not sent (part of the
   * statement that starts the checkout); it counts 0 rows when the cart is not OPEN.
   */
  keepingOpen(tx: Executor, cartId: string): StatementWrite;
  /** The write that marks the cart CHECKED_OUT, built and not sent (part of the confirming statement). */
  closing(tx: Executor, cartId: string): StatementWrite;
  /** The reservations the cart's lines still hold. */
  lineReservations(db: Executor, cartId: string): Promise<string[]>;
}

/** How long checkout waits, holds and keeps things; every value has a production default (settings.ts). */
export interface CheckoutSettings {
  /** Each command call's timeout. */
  commandTimeoutMs: number;
  /** `payments.authorize`'s timeout (the provider may be slow). */
  authorizeTimeoutMs: number;
  /** How long the order's stock is held (the reservation's TTL). */
  reservationTtlSeconds: number;
  /** A running saga past this is taken over by recovery. */
  sagaDeadlineMs: number;
  /** A saga waiting for 3-D Secure past this is compensated by recovery. */
  actionDeadlineMs: number;
  /** How long a second call with the same idempotency key waits for the first one's answer. */
  idempotencyWaitMs: number;
  /** How long idempotency keys are kept. */
  idempotencyTtlMs: number;
  /** How often recovery looks for overdue sagas. */
  recoveryIntervalMs: number;
}
