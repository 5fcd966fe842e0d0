import { and, asc, desc, eq, getTableColumns, inArray, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { countRows, type Executor } from '@shop/db';
import {
  categories,
  products,
  type ProductRow,
  type ProductStatus,
  type StoredAttribute,
  type StoredOption,
} from './schema';

/** Every column but the tsvector, which only the database needs. */
const { search: _searchDocument, ...productColumns } = getTableColumns(products);

export async function productsByIds(db: Executor, ids: readonly string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(productColumns)
    .from(products)
    .where(inArray(products.id, [...ids]));
}

/** The status of each live product among `ids` (the `products.productsGet` command). */
export async function liveProductStatuses(
  db: Executor,
  ids: readonly string[],
): Promise<{ productId: string; status: ProductStatus }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ productId: products.id, status: products.status })
    .from(products)
    .where(and(inArray(products.id, [...ids]), isNull(products.deletedAt)));
}

export async function liveProductsBySlugs(db: Executor, slugs: readonly string[]): Promise<ProductRow[]> {
  if (slugs.length === 0) return [];
  return db
    .select(productColumns)
    .from(products)
    .where(and(inArray(products.slug, [...slugs]), isNull(products.deletedAt)));
}

/** Reads a live product and locks its row until the transaction ends: writes to one product are serialised. */
export async function lockLiveProduct(tx: Executor, id: string): Promise<ProductRow | undefined> {
  const [row] = await tx
    .select(productColumns)
    .from(products)
    .where(and(eq(products.id, id), isNull(products.deletedAt)))
    .for('update');
  return row;
}

export async function isProductSlugTaken(db: Executor, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.slug, slug), isNull(products.deletedAt), exceptId ? ne(products.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

/** Live slugs that are `base` or `base-<anything>`: the candidates a generated slug must avoid. */
export async function liveProductSlugsLike(db: Executor, base: string): Promise<string[]> {
  const rows = await db
    .select({ slug: products.slug })
    .from(products)
    .where(and(isNull(products.deletedAt), or(eq(products.slug, base), like(products.slug, `${base}-%`))));
  return rows.map((r) => r.slug);
}

export interface NewProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: ProductStatus;
  categoryId: string | null;
  options: StoredOption[];
  attributes: StoredAttribute[];
}

export async function insertProduct(tx: Executor, values: NewProduct): Promise<ProductRow> {
  const [row] = await tx.insert(products).values(values).returning(productColumns);
  return row!;
}

export type ProductPatch = Partial<Omit<NewProduct, 'id'>>;

/** Applies the patch (possibly empty) and bumps `updated_at`. */
export async function updateProductRow(tx: Executor, id: string, patch: ProductPatch): Promise<ProductRow> {
  const [row] = await tx
    .update(products)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(products.id, id))
    .returning(productColumns);
  return row!;
}

export async function softDeleteProduct(tx: Executor, id: string): Promise<void> {
  await tx
    .update(products)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(products.id, id));
}

export async function countLiveProductsInCategory(db: Executor, categoryId: string): Promise<number> {
  return countRows(db, products, and(eq(products.categoryId, categoryId), isNull(products.deletedAt)));
}

/** Deleted products keep their category only as long as the category exists. */
export async function detachDeletedProductsFromCategory(tx: Executor, categoryId: string): Promise<void> {
  await tx
    .update(products)
    .set({ categoryId: null })
    .where(and(eq(products.categoryId, categoryId), sql`${products.deletedAt} is not null`));
}

// --- Listing -------------------------------------------------------------------------------------------------

export type ProductSortKey = 'NEWEST' | 'NAME' | 'RELEVANCE';

export interface ProductFilterSpec {
  /** Null for every status. */
  statuses: ProductStatus[] | null;
  /** The category whose whole subtree to include. */
  categoryId: string | null;
  /** Each entry must hold: the attribute `name` has one of the candidate JSON values. */
  attributes: { name: string; candidates: (string | number | boolean)[] }[];
  /** Web-search syntax, already trimmed and non-empty. */
  search: string | null;
}

export interface ProductPageQuery {
  filter: ProductFilterSpec;
  sort: ProductSortKey;
  /** Keyset position to continue from: the sort key of the last row seen and its id. */
  cursor: { key: string | number; id: string } | null;
  /** Scan towards the start of the list (`last`/`before`). */
  backward: boolean;
  limit: number;
}

/** A listed product with its full-text rank (null unless searching). */
export type RankedProductRow = ProductRow & { rank: number | null };

const tsQuery = (search: string): SQL => sql`websearch_to_tsquery('english', ${search})`;
const rankOf = (search: string): SQL<number> => sql<number>`ts_rank(${products.search}, ${tsQuery(search)})`;

function filterConditions(db: Executor, filter: ProductFilterSpec): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [isNull(products.deletedAt)];
  if (filter.statuses) conditions.push(inArray(products.status, filter.statuses));
  if (filter.categoryId) {
    const root = alias(categories, 'root');
    const subtree = db
      .select({ id: categories.id })
      .from(categories)
      .innerJoin(root, or(eq(categories.path, root.path), like(categories.path, sql`${root.path} || '/%'`)))
      .where(eq(root.id, filter.categoryId));
    conditions.push(inArray(products.categoryId, subtree));
  }
  for (const attribute of filter.attributes) {
    // One containment test per candidate: each is answered by the jsonb_path_ops GIN index.
    conditions.push(
      or(
        ...attribute.candidates.map(
          (value) => sql`${products.attributes} @> ${JSON.stringify([{ name: attribute.name, value }])}::jsonb`,
        ),
      ),
    );
  }
  if (filter.search) conditions.push(sql`${products.search} @@ ${tsQuery(filter.search)}`);
  return conditions;
}

function sortKeyOf(query: ProductPageQuery): {
  key: SQL | typeof products.createdAt | typeof products.name;
  cast: string;
  descending: boolean;
} {
  switch (query.sort) {
    case 'NEWEST':
      return { key: products.createdAt, cast: 'timestamptz', descending: true };
    case 'NAME':
      return { key: products.name, cast: 'text', descending: false };
    case 'RELEVANCE':
      if (!query.filter.search) throw new Error('RELEVANCE needs a search term');
      return { key: rankOf(query.filter.search), cast: 'real', descending: true };
  }
}

/** One page of products in keyset order: `limit` rows after the cursor, in scan order. */
export async function findProductPage(db: Executor, query: ProductPageQuery): Promise<RankedProductRow[]> {
  const { key, cast, descending } = sortKeyOf(query);
  const scanDescending = descending !== query.backward;
  const conditions = filterConditions(db, query.filter);
  if (query.cursor) {
    const comparison = scanDescending ? sql.raw('<') : sql.raw('>');
    conditions.push(
      sql`(${key}, ${products.id}) ${comparison} (${query.cursor.key}::${sql.raw(cast)}, ${query.cursor.id}::uuid)`,
    );
  }
  const direction = scanDescending ? desc : asc;
  const rank = query.filter.search ? rankOf(query.filter.search) : sql<number | null>`null::real`;
  return db
    .select({ ...productColumns, rank })
    .from(products)
    .where(and(...conditions))
    .orderBy(direction(key), direction(products.id))
    .limit(query.limit);
}

export async function countProducts(db: Executor, filter: ProductFilterSpec): Promise<number> {
  return countRows(db, products, and(...filterConditions(db, filter)));
}
