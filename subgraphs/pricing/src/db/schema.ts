import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, currency, externalId, idKey, money, ownedBy, timestamptz, updatedAt } from '@shop/db';

/**
 * The pricing subgraph's tables, all inside the `pricing` Postgres schema it owns (DESIGN.md §1). Money is
 * bigint minor units with its currency beside it; drizzle-kit reads this file to generate `../../drizzle/`.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "pricing"`, which fails because the
// migrator has already created this schema for its own journal table.
const pricingSchema = pgSchema('pricing');

export const discountKind = pricingSchema.enum('discount_kind', ['PERCENTAGE', 'FIXED_AMOUNT', 'FREE_SHIPPING']);

/**
 * Pricing's own copy of catalog facts (variant → product, category), kept from products' events and backfilled
 * through `products.variantsPage`: rule conditions and price ranges need them without calling products.
 */
export const catalogVariants = pricingSchema.table(
  'catalog_variants',
  {
    variantId: uuid('variant_id').primaryKey(),
    productId: externalId('product_id'),
    categoryId: uuid('category_id'),
    /** False once the variant or its product is deleted. */
    live: boolean('live').notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [index('catalog_variants_product_idx').on(t.productId)],
);
export type CatalogVariantRow = typeof catalogVariants.$inferSelect;

/** List prices: one row per variant and currency. */
export const prices = pricingSchema.table(
  'prices',
  {
    variantId: externalId('variant_id'),
    currency: currency(),
    amount: money('amount').notNull(),
    compareAt: money('compare_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.currency] }),
    check('prices_amount_check', sql`amount >= 0`),
    check('prices_compare_at_check', sql`compare_at is null or compare_at > amount`),
  ],
);
export type PriceRow = typeof prices.$inferSelect;

export const pricingRules = pricingSchema.table(
  'pricing_rules',
  {
    id: idKey(),
    name: text('name').notNull(),
    kind: discountKind('kind').notNull(),
    basisPoints: integer('basis_points'),
    amount: money('amount'),
    currency: text('currency'),
    productId: uuid('product_id'),
    categoryId: uuid('category_id'),
    customerGroup: text('customer_group'),
    minQuantity: integer('min_quantity').notNull().default(1),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    priority: integer('priority').notNull().default(0),
    stackable: boolean('stackable').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('pricing_rules_priority_idx').on(t.priority)],
);
export type PricingRuleRow = typeof pricingRules.$inferSelect;

export const discountCodes = pricingSchema.table(
  'discount_codes',
  {
    id: idKey(),
    code: text('code').notNull(),
    kind: discountKind('kind').notNull(),
    basisPoints: integer('basis_points'),
    amount: money('amount'),
    currency: text('currency'),
    minimumSubtotal: money('minimum_subtotal'),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    /** Orders that redeemed the code; raised only under the row lock of `redeem-discount-codes.ts`. */
    usageCount: integer('usage_count').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('discount_codes_code_key').on(sql`lower(${t.code})`),
    check('discount_codes_usage_check', sql`usage_limit is null or usage_count <= usage_limit`),
  ],
);
export type DiscountCodeRow = typeof discountCodes.$inferSelect;

/** One row per (code, order): the redemption's idempotency key. */
export const discountRedemptions = pricingSchema.table(
  'discount_redemptions',
  {
    codeId: ownedBy('code_id', () => discountCodes.id),
    orderId: externalId('order_id'),
    userId: externalId('user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.codeId, t.orderId] }),
    index('discount_redemptions_user_idx').on(t.codeId, t.userId),
  ],
);

export const taxClasses = pricingSchema.table(
  'tax_classes',
  {
    id: idKey(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tax_classes_name_key').on(sql`lower(${t.name})`),
    uniqueIndex('tax_classes_default_key')
      .on(t.isDefault)
      .where(sql`is_default`),
  ],
);
export type TaxClassRow = typeof taxClasses.$inferSelect;

export const taxRates = pricingSchema.table(
  'tax_rates',
  {
    id: idKey(),
    taxClassId: ownedBy('tax_class_id', () => taxClasses.id),
    country: text('country').notNull(),
    /** '' for the whole country (so the unique index needs no null handling). */
    region: text('region').notNull().default(''),
    basisPoints: integer('basis_points').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tax_rates_place_key').on(t.taxClassId, t.country, t.region)],
);
export type TaxRateRow = typeof taxRates.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(pricingSchema);

export type DiscountKind = PricingRuleRow['kind'];
