import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, timestamptz, updatedAt } from '@shop/db';

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
export interface CartAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

export const carts = ordersSchema.table(
  'carts',
  {
    /** A random UUID v4 (never v7): the id of an anonymous cart is its only key, so it must be unguessable. */
    id: uuid('id').primaryKey(),
    /** The signed-in owner; null for an anonymous cart (whoever holds the id may use it). */
    userId: uuid('user_id'),
    status: text('status').$type<CartStatus>().notNull().default('OPEN'),
    currency: text('currency').notNull(),
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('carts_status_check', sql`${t.status} IN ('OPEN', 'CHECKED_OUT', 'MERGED')`),
    // One open cart per user: `User.cart` and the sign-in merge rely on it.
    uniqueIndex('carts_user_open_key')
      .on(t.userId)
      .where(sql`${t.status} = 'OPEN' AND ${t.userId} IS NOT NULL`),
  ],
);

/** Whether a line's units are held (`inventory.reserve`), ran out, or are not held. */
export const LINE_STOCK_STATUSES = ['RESERVED', 'OUT_OF_STOCK', 'NOT_RESERVED'] as const;
export type LineStockStatus = (typeof LINE_STOCK_STATUSES)[number];

export const cartLines = ordersSchema.table(
  'cart_lines',
  {
    /** UUIDv7 (`newId()`): id order is the order lines were added in. */
    id: uuid('id').primaryKey(),
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
    /** The variant's weight when it was added (products' `weightGrams`), for shipping quotes; null when unknown. */
    weightGrams: integer('weight_grams'),
    /** inventory's reservation holding this line's units (reference `cart:<cartId>:<lineId>`); null when none. */
    reservationId: uuid('reservation_id'),
    reservedUntil: timestamptz('reserved_until'),
    stockStatus: text('stock_status').$type<LineStockStatus>().notNull().default('NOT_RESERVED'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('cart_lines_quantity_check', sql`${t.quantity} BETWEEN 1 AND 999`),
    check('cart_lines_stock_status_check', sql`${t.stockStatus} IN ('RESERVED', 'OUT_OF_STOCK', 'NOT_RESERVED')`),
    // One line per variant: adding a variant that is in the cart adds to its line.
    uniqueIndex('cart_lines_cart_variant_key').on(t.cartId, t.variantId),
  ],
);

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

export const wishlistItems = ordersSchema.table(
  'wishlist_items',
  {
    /** UUIDv7: id order is the order items were added in. */
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => wishlists.userId, { onDelete: 'cascade' }),
    variantId: uuid('variant_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('wishlist_items_user_variant_key').on(t.userId, t.variantId),
    index('wishlist_items_user_id_idx').on(t.userId, t.id),
  ],
);

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;
export type WishlistRow = typeof wishlists.$inferSelect;
export type WishlistItemRow = typeof wishlistItems.$inferSelect;

// ---- Bus tables ----------------------------------------------------------------------------------------------------

/** The bus's outbox, inbox and dead letters, generated into this schema's migrations. */
export const busTablesOfOrders = busTables(ordersSchema);
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTablesOfOrders;
