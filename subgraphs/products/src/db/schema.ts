import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, deletedAt, idKey, notDeleted, ownedBy, timestamps } from '@shop/db';

/**
 * The products subgraph's tables, all inside the `products` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate `subgraphs/products/drizzle/`.
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "products"`, which fails because the
// migrator has already created this schema for its own journal table (migrationsSchema = 'products').
const productsSchema = pgSchema('products');

export const productStatus = productsSchema.enum('product_status', ['DRAFT', 'ACTIVE', 'ARCHIVED']);
export const mediaKind = productsSchema.enum('media_kind', ['IMAGE', 'VIDEO']);

/** One option of a product and the values its variants may take, e.g. { name: "Size", values: ["S", "M"] }. */
export interface StoredOption {
  name: string;
  values: string[];
}

/** One option value of a variant, in the order of the product's options. */
export interface StoredOptionValue {
  name: string;
  value: string;
}

export type AttributeType = 'TEXT' | 'NUMBER' | 'BOOLEAN' | 'DATE';

/**
 * A typed attribute as stored: `value` keeps its JSON type (a NUMBER is a JSON number, a BOOLEAN a JSON
 * boolean, a DATE an ISO "YYYY-MM-DD" string), so filters can use jsonb containment on the GIN index.
 */
export interface StoredAttribute {
  name: string;
  type: AttributeType;
  value: string | number | boolean;
}

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The category tree as a materialised path of slugs ("apparel/men/shirts"): subtree queries are a prefix
 * match on one index, and a move rewrites the prefix of the moved subtree in one statement.
 */
export const categories = productsSchema.table(
  'categories',
  {
    id: idKey(),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    path: text('path').notNull(),
    description: text('description').notNull().default(''),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('categories_slug_key').on(t.slug),
    // text_pattern_ops serves `path like 'a/b/%'` whatever the database collation is.
    uniqueIndex('categories_path_key').on(t.path.op('text_pattern_ops')),
    index('categories_parent_idx').on(t.parentId),
  ],
);
export type CategoryRow = typeof categories.$inferSelect;

export const products = productsSchema.table(
  'products',
  {
    id: idKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: productStatus('status').notNull().default('DRAFT'),
    categoryId: uuid('category_id').references(() => categories.id),
    options: jsonb('options').$type<StoredOption[]>().notNull().default([]),
    attributes: jsonb('attributes').$type<StoredAttribute[]>().notNull().default([]),
    /** Full-text document: the name weighs A, the description B (ts_rank favours name matches). */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, name), 'A') || setweight(to_tsvector('english'::regconfig, description), 'B')`,
      ),
    ...timestamps(),
    /** Soft delete: other subgraphs (orders) keep resolving the product through `_entities`. */
    deletedAt: deletedAt(),
  },
  (t) => [
    // Slugs are unique among live products only, so a deleted product's slug can be reused.
    uniqueIndex('products_slug_live_key').on(t.slug).where(notDeleted()),
    index('products_search_idx').using('gin', t.search),
    index('products_attributes_idx').using('gin', t.attributes.op('jsonb_path_ops')),
    index('products_category_idx').on(t.categoryId),
    // Keyset orders of the storefront (status = ACTIVE), newest first and by name.
    index('products_newest_idx').on(t.status, t.createdAt, t.id).where(notDeleted()),
    index('products_name_idx').on(t.status, t.name, t.id).where(notDeleted()),
  ],
);

export const variants = productsSchema.table(
  'variants',
  {
    id: idKey(),
    productId: ownedBy('product_id', () => products.id),
    sku: text('sku').notNull(),
    optionValues: jsonb('option_values').$type<StoredOptionValue[]>().notNull().default([]),
    /** Canonical form of the option values ("Colour=Red|Size=M"), unique per product among live variants. */
    optionKey: text('option_key').notNull(),
    weightGrams: integer('weight_grams').notNull().default(0),
    position: integer('position').notNull(),
    ...timestamps(),
    deletedAt: deletedAt(),
  },
  (t) => [
    // SKUs are compared case-insensitively: "ab-1" and "AB-1" on two labels would be one mistake waiting to happen.
    uniqueIndex('variants_sku_live_key')
      .on(sql`lower(${t.sku})`)
      .where(notDeleted()),
    uniqueIndex('variants_option_key_live_key').on(t.productId, t.optionKey).where(notDeleted()),
    index('variants_product_idx').on(t.productId, t.position),
    check('variants_weight_grams_check', sql`weight_grams >= 0`),
  ],
);
export type VariantRow = typeof variants.$inferSelect;

export const media = productsSchema.table(
  'media',
  {
    id: idKey(),
    productId: ownedBy('product_id', () => products.id),
    variantId: uuid('variant_id').references(() => variants.id),
    kind: mediaKind('kind').notNull(),
    url: text('url').notNull(),
    alt: text('alt').notNull().default(''),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('media_product_idx').on(t.productId, t.position), index('media_variant_idx').on(t.variantId)],
);
export type MediaRow = typeof media.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(productsSchema);

/** A product as read by every query: the tsvector stays in the database. */
export type ProductRow = Omit<typeof products.$inferSelect, 'search'>;
export type ProductStatus = ProductRow['status'];
export type MediaKind = MediaRow['kind'];
