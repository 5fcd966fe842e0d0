import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import type { PostalAddress } from '@shop/core';
import { createdAt, currency, externalId, idKey, money, oneOf, ownedBy, timestamps, timestamptz } from '@shop/db';

/**
 * The orders subgraph's tables, all inside the `orders` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/orders/drizzle/` (`pnpm migrations`).
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "orders"`, which fails because the
// migrator has already created this schema for its own journal table.
const ordersSchema = pgSchema('orders');

// ---- Carts and wishlists (orders-cart) ----------------------------------------------------------------------------

/** What a cart is in: only OPEN carts change; checkout moves a cart to CHECKED_OUT, a sign-in merge to MERGED. */
export const CART_STATUSES = ['OPEN', 'CHECKED_OUT', 'MERGED'] as const;
export type CartStatus = (typeof CART_STATUSES)[number];

/** A cart's shipping address, stored as given (validated like users' addresses). */
export type CartAddress = PostalAddress;

export const carts = ordersSchema.table(
  'carts',
  {
    /** A random UUID v4 (never v7): the id of an anonymous cart is its only key, so it must be unguessable. */
    id: idKey(),
    /** The signed-in owner; null for an anonymous cart (whoever holds the id may use it). */
    userId: uuid('user_id'),
    status: text('status').$type<CartStatus>().notNull().default('OPEN'),
    currency: currency(),
    /** The codes the customer entered, in their order (at most 10, upper case). */
    discountCodes: text('discount_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    shippingAddress: jsonb('shipping_address').$type<CartAddress>(),
    /** shipping's rate id (raw UUID) the customer selected; shipping re-checks it on every quote. */
    shippingRateId: uuid('shipping_rate_id'),
    /** The cart this one was merged into at sign-in (status MERGED). */
    mergedIntoId: uuid('merged_into_id'),
    ...timestamps(),
  },
  (t) => [
    check('carts_status_check', sql`${t.status} IN ('OPEN', 'CHECKED_OUT', 'MERGED')`),
    // One open cart per user: `User.cart` and the sign-in merge rely on it.
    uniqueIndex('carts_user_open_key')
      .on(t.userId)
      .where(sql`${t.status} = 'OPEN' AND ${t.userId} IS NOT NULL`),
  ],
);
export type CartRow = typeof carts.$inferSelect;

/** Whether a line's units are held (`inventory.reserve`), ran out, or are not held. */
export const LINE_STOCK_STATUSES = ['RESERVED', 'OUT_OF_STOCK', 'NOT_RESERVED'] as const;
export type LineStockStatus = (typeof LINE_STOCK_STATUSES)[number];

export const cartLines = ordersSchema.table(
  'cart_lines',
  {
    /** UUIDv7 (`newId()`): id order is the order lines were added in. */
    id: idKey(),
    cartId: ownedBy('cart_id', () => carts.id, 'cascade'),
    variantId: externalId('variant_id'),
    quantity: integer('quantity').notNull(),
    /** The variant's weight when it was added (products' `weightGrams`), for shipping quotes; null when unknown. */
    weightGrams: integer('weight_grams'),
    /** inventory's reservation holding this line's units (reference `cart:<cartId>:<lineId>`); null when none. */
    reservationId: uuid('reservation_id'),
    reservedUntil: timestamptz('reserved_until'),
    stockStatus: text('stock_status').$type<LineStockStatus>().notNull().default('NOT_RESERVED'),
    ...timestamps(),
  },
  (t) => [
    check('cart_lines_quantity_check', sql`${t.quantity} BETWEEN 1 AND 999`),
    check('cart_lines_stock_status_check', sql`${t.stockStatus} IN ('RESERVED', 'OUT_OF_STOCK', 'NOT_RESERVED')`),
    // One line per variant: adding a variant that is in the cart adds to its line.
    uniqueIndex('cart_lines_cart_variant_key').on(t.cartId, t.variantId),
  ],
);
export type CartLineRow = typeof cartLines.$inferSelect;

export const wishlists = ordersSchema.table(
  'wishlists',
  {
    /** One wishlist per user. */
    userId: uuid('user_id').primaryKey(),
    /** The read-only share link's token (random, 32 bytes base64url); null while not shared. */
    shareToken: text('share_token'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('wishlists_share_token_key').on(t.shareToken)],
);
export type WishlistRow = typeof wishlists.$inferSelect;

export const wishlistItems = ordersSchema.table(
  'wishlist_items',
  {
    /** UUIDv7: id order is the order items were added in. */
    id: idKey(),
    userId: ownedBy('user_id', () => wishlists.userId, 'cascade'),
    variantId: externalId('variant_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('wishlist_items_user_variant_key').on(t.userId, t.variantId),
    index('wishlist_items_user_id_idx').on(t.userId, t.id),
  ],
);
export type WishlistItemRow = typeof wishlistItems.$inferSelect;

// ---------------------------------------------------------------------------------------------------------------
// Orders, checkout sagas and idempotency keys (orders-checkout)
// ---------------------------------------------------------------------------------------------------------------

/** The order state machine's states (domain/order-status.ts owns the transitions). */
export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'PROCESSING',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'RETURNED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const orderStatus = ordersSchema.enum('order_status', ORDER_STATUSES);

/** A postal address as an order keeps it (the fields of users' `addressCreate`, without the company). */
export type StoredOrderAddress = Omit<PostalAddress, 'company'>;

/** A discount a line received, as the pricing quote named it; amount in minor units as a decimal string of digits. */
export interface StoredLineDiscount {
  label: string;
  amountMinor: string;
}

export const orders = ordersSchema.table(
  'orders',
  {
    /** UUIDv7: id order is creation order. */
    id: idKey(),
    /** Human-readable, unique: `YYMMDD-` and six random Crockford base-32 characters. */
    number: text('number').notNull(),
    userId: externalId('user_id'),
    status: orderStatus('status').notNull(),
    currency: currency(),
    subtotal: money('subtotal').notNull(),
    discountTotal: money('discount_total').notNull(),
    shipping: money('shipping').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    discountCodes: jsonb('discount_codes').$type<string[]>().notNull(),
    shippingAddress: jsonb('shipping_address').$type<StoredOrderAddress>(),
    shippingRateId: uuid('shipping_rate_id'),
    shippingMethodName: text('shipping_method_name'),
    cartId: uuid('cart_id'),
    placedAt: timestamptz('placed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_user_idx').on(t.userId, t.id),
    index('orders_status_idx').on(t.status, t.id),
    check('orders_total_check', sql`total >= 0`),
  ],
);
export type OrderRow = typeof orders.$inferSelect;

export const orderLines = ordersSchema.table(
  'order_lines',
  {
    id: idKey(),
    orderId: ownedBy('order_id', () => orders.id),
    position: integer('position').notNull(),
    variantId: externalId('variant_id'),
    productId: externalId('product_id'),
    sku: text('sku').notNull(),
    /** The product's name at order time ('' on lines written before names were snapshot). */
    productName: text('product_name').notNull().default(''),
    /** The variant's option values at order time ("Blue / M"); null when it had none. */
    variantTitle: text('variant_title'),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    subtotal: money('subtotal').notNull(),
    discounts: jsonb('discounts').$type<StoredLineDiscount[]>().notNull(),
    discountTotal: money('discount_total').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    weightGrams: integer('weight_grams'),
  },
  (t) => [
    uniqueIndex('order_lines_order_position_key').on(t.orderId, t.position),
    check('order_lines_quantity_check', sql`quantity > 0`),
  ],
);
export type OrderLineRow = typeof orderLines.$inferSelect;

export const ORDER_ACTOR_KINDS = ['CUSTOMER', 'STAFF', 'SYSTEM'] as const;
export type OrderActorKind = (typeof ORDER_ACTOR_KINDS)[number];

/** Every status change of an order: who, when, why. Append-only. */
export const orderHistory = ordersSchema.table(
  'order_history',
  {
    id: idKey(),
    orderId: ownedBy('order_id', () => orders.id),
    fromStatus: orderStatus('from_status'),
    toStatus: orderStatus('to_status').notNull(),
    actorKind: text('actor_kind').$type<OrderActorKind>().notNull(),
    actorId: uuid('actor_id'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('order_history_order_idx').on(t.orderId, t.id)],
);
export type OrderHistoryRow = typeof orderHistory.$inferSelect;

/** Staff's internal notes on an order. */
export const orderNotes = ordersSchema.table(
  'order_notes',
  {
    id: idKey(),
    orderId: ownedBy('order_id', () => orders.id),
    authorId: externalId('author_id'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('order_notes_order_idx').on(t.orderId, t.id)],
);
export type OrderNoteRow = typeof orderNotes.$inferSelect;

/**
 * Where a checkout saga stands (domain/saga-state.ts): RUNNING while the request drives it, WAITING for the
 * customer's 3-D Secure step, COMPENSATING while its effects are undone; DONE and FAILED are terminal.
 */
export const SAGA_STATES = ['RUNNING', 'WAITING', 'COMPENSATING', 'DONE', 'FAILED'] as const;
export type SagaState = (typeof SAGA_STATES)[number];

/** One checkout saga per order: what it did so far, so a crash is resumed or compensated (recovery). */
export const checkoutSagas = ordersSchema.table(
  'checkout_sagas',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id),
    cartId: uuid('cart_id'),
    state: text('state').$type<SagaState>().notNull(),
    reservationId: uuid('reservation_id'),
    allocations: jsonb('allocations')
      .$type<{ variantId: string; warehouseId: string; quantity: number }[]>()
      .notNull()
      .default([]),
    paymentIntentId: uuid('payment_intent_id'),
    /** The 3-D Secure step the payment waits for (state WAITING). */
    paymentAction: jsonb('payment_action').$type<{ type: string; url: string }>(),
    /** The buyer's email for `order.placed` (null when users did not answer). */
    email: text('email'),
    /** The userError code a failed saga answers with. */
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    /** Past this, recovery resumes or compensates the saga. */
    deadline: timestamptz('deadline').notNull(),
    attempts: integer('attempts').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    index('checkout_sagas_open_idx')
      .on(t.deadline)
      .where(oneOf('state', 'RUNNING', 'WAITING', 'COMPENSATING')),
    // One checkout of a cart under way at a time, however many idempotency keys ask at once.
    uniqueIndex('checkout_sagas_open_cart_key')
      .on(t.cartId)
      .where(oneOf('state', 'RUNNING', 'WAITING', 'COMPENSATING')),
  ],
);
export type CheckoutSagaRow = typeof checkoutSagas.$inferSelect;

/**
 * Checkout idempotency keys per user (Stripe semantics): the request's hash, and the answer once there is one. An
 * order-bound key answers from its order and saga; a key refused before any order keeps its userErrors.
 */
export const idempotencyKeys = ordersSchema.table(
  'idempotency_keys',
  {
    userId: externalId('user_id'),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    orderId: uuid('order_id'),
    /** The userErrors of a checkout refused before it created an order; null while running or when bound to an order. */
    response: jsonb('response').$type<{ code: string; message: string; field: string[] | null }[]>(),
    completedAt: timestamptz('completed_at'),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
    index('idempotency_keys_order_idx').on(t.orderId),
  ],
);
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

// ---- Bus tables ----------------------------------------------------------------------------------------------------

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(ordersSchema);
