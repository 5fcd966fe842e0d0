import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgSchema,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, externalId, idKey, ownedBy, timestamps, timestamptz } from '@shop/db';

/**
 * The reviews subgraph's tables, all inside the `reviews` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/reviews/drizzle/`.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "reviews"`, which fails because the
// migrator has already created this schema for its own journal table.
const reviewsSchema = pgSchema('reviews');

export const reviewStatus = reviewsSchema.enum('review_status', ['PENDING', 'APPROVED', 'REJECTED']);

/** The partial indexes' rows: the reviews not hidden (moderation's list), and of those the approved (a product's). */
const notHidden = () => sql`hidden_at is null`;
const shown = () => sql`status = 'APPROVED' and hidden_at is null`;

export const reviews = reviewsSchema.table(
  'reviews',
  {
    id: idKey(),
    productId: externalId('product_id'),
    userId: externalId('user_id'),
    rating: smallint('rating').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    authorName: text('author_name').notNull(),
    status: reviewStatus('status').notNull().default('PENDING'),
    moderationReason: text('moderation_reason'),
    verifiedPurchase: boolean('verified_purchase').notNull().default(false),
    helpfulCount: integer('helpful_count').notNull().default(0),
    notHelpfulCount: integer('not_helpful_count').notNull().default(0),
    /** Set when the product was deleted: the review is hidden everywhere and leaves the product's rating. */
    hiddenAt: timestamptz('hidden_at'),
    ...timestamps(),
  },
  (t) => [
    // One review per user per product: the guard that holds under concurrency (two racing creates).
    uniqueIndex('reviews_user_product_key').on(t.userId, t.productId),
    // Keyset orders of Product.reviews (approved, visible reviews only).
    index('reviews_product_newest_idx').on(t.productId, t.createdAt, t.id).where(shown()),
    index('reviews_product_rating_idx').on(t.productId, t.rating, t.createdAt, t.id).where(shown()),
    index('reviews_product_helpful_idx').on(t.productId, t.helpfulCount, t.createdAt, t.id).where(shown()),
    index('reviews_user_idx').on(t.userId, t.createdAt, t.id),
    index('reviews_status_idx').on(t.status, t.createdAt, t.id).where(notHidden()),
    check('reviews_rating_check', sql`rating between 1 and 5`),
  ],
);
export type ReviewRow = typeof reviews.$inferSelect;

/** One vote per user per review; the review's counters are kept in step in the same transaction. */
export const reviewVotes = reviewsSchema.table(
  'review_votes',
  {
    reviewId: ownedBy('review_id', () => reviews.id, 'cascade'),
    userId: externalId('user_id'),
    helpful: boolean('helpful').notNull(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId], name: 'review_votes_pkey' })],
);

/**
 * The rating of each product over its APPROVED, visible reviews, maintained incrementally in the transaction
 * of every change that moves a review in or out of that set (never recomputed per request).
 */
export const productRatings = reviewsSchema.table(
  'product_ratings',
  {
    productId: uuid('product_id').primaryKey(),
    count: integer('count').notNull().default(0),
    total: integer('total').notNull().default(0),
    stars1: integer('stars_1').notNull().default(0),
    stars2: integer('stars_2').notNull().default(0),
    stars3: integer('stars_3').notNull().default(0),
    stars4: integer('stars_4').notNull().default(0),
    stars5: integer('stars_5').notNull().default(0),
  },
  // No CHECK (count >= 0): an upsert checks the proposed insert row, and a -1 delta is such a row.
);
export type ProductRatingRow = typeof productRatings.$inferSelect;

/** (user, product) pairs with a DELIVERED order, learnt from order.status_changed: the verified-purchase facts. */
export const purchases = reviewsSchema.table(
  'purchases',
  {
    userId: externalId('user_id'),
    productId: externalId('product_id'),
    orderId: externalId('order_id'),
    deliveredAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId], name: 'purchases_pkey' })],
);

/** Products deleted from the catalog (product.deleted): new reviews of them are refused. */
export const deletedProducts = reviewsSchema.table('deleted_products', {
  productId: uuid('product_id').primaryKey(),
  deletedAt: createdAt(),
});

/**
 * The catalog status of products, learnt from product.created/updated: `Review.product` is null for customers when
 * the product is known not to be public, so no other subgraph's field (price, stock, rating) is fetched for it
 * through a review. `changedAt` is the event's time: an older event arriving late does not overwrite a newer one.
 */
export const catalogProducts = reviewsSchema.table('catalog_products', {
  productId: uuid('product_id').primaryKey(),
  status: text('status', { enum: ['DRAFT', 'ACTIVE', 'ARCHIVED'] }).notNull(),
  changedAt: timestamptz('changed_at').notNull(),
});
export type CatalogProductRow = typeof catalogProducts.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(reviewsSchema);

export type ReviewStatus = ReviewRow['status'];
