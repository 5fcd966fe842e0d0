import { and, asc, desc, eq, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { countRows, insertRow, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { categories, type CategoryRow } from './schema';

export const categoriesByIds = rowsByIds(categories);

export const categoriesBySlugs = rowsByKeys(categories, categories.slug);

export const categoriesByPaths = rowsByKeys(categories, categories.path);

/** The direct children of several categories, each parent's by name. */
export const childrenOfCategories = rowsByKeys(categories, categories.parentId, [
  asc(categories.parentId),
  asc(categories.name),
  asc(categories.id),
]);

/**
 * Serialises every change to the tree's shape for the rest of the transaction. Two concurrent moves could
 * otherwise each pass the cycle check and together form a cycle; category writes are rare, so one lock is cheap.
 */
export async function lockCategoryTree(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('products.category_tree'))`);
}

export async function isCategorySlugTaken(db: Executor, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.slug, slug), exceptId ? ne(categories.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

/** Slugs that are `base` or `base-<anything>`: the candidates a generated slug must avoid. */
export async function categorySlugsLike(db: Executor, base: string): Promise<string[]> {
  const rows = await db
    .select({ slug: categories.slug })
    .from(categories)
    .where(or(eq(categories.slug, base), like(categories.slug, `${base}-%`)));
  return rows.map((r) => r.slug);
}

export interface NewCategory {
  id: string;
  parentId: string | null;
  name: string;
  slug: string;
  path: string;
  description: string;
}

export async function insertCategory(tx: Executor, values: NewCategory): Promise<CategoryRow> {
  return insertRow(tx, categories, values);
}

export type CategoryPatch = Partial<Omit<NewCategory, 'id' | 'path'>>;

export async function updateCategoryRow(tx: Executor, id: string, patch: CategoryPatch): Promise<CategoryRow> {
  return (await updateRowById(tx, categories, id, patch))!;
}

/** Replaces the `oldPath` prefix of a category and its whole subtree with `newPath`, in one statement. */
export async function rewriteSubtreePaths(tx: Executor, oldPath: string, newPath: string): Promise<void> {
  await tx
    .update(categories)
    .set({
      path: sql`${newPath} || substr(${categories.path}, ${oldPath.length + 1})`,
      updatedAt: sql`now()`,
    })
    .where(or(eq(categories.path, oldPath), like(categories.path, `${oldPath}/%`)));
}

/** Levels below `path` in its deepest branch: 0 for a leaf. */
export async function subtreeHeight(db: Executor, path: string): Promise<number> {
  const [row] = await db
    .select({
      deepest: sql<number>`coalesce(max(array_length(string_to_array(${categories.path}, '/'), 1)), 0)::int`,
    })
    .from(categories)
    .where(or(eq(categories.path, path), like(categories.path, `${path}/%`)));
  return Math.max(0, (row?.deepest ?? 0) - path.split('/').length);
}

export async function hasChildCategories(db: Executor, id: string): Promise<boolean> {
  const rows = await db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, id)).limit(1);
  return rows.length > 0;
}

export async function deleteCategoryRow(tx: Executor, id: string): Promise<void> {
  await tx.delete(categories).where(eq(categories.id, id));
}

// --- Listing -------------------------------------------------------------------------------------------------

export interface CategoryFilterSpec {
  parentId: string | null;
  rootsOnly: boolean;
}

export interface CategoryPageQuery {
  filter: CategoryFilterSpec;
  /** Keyset position: the path and id of the last row seen. */
  cursor: { path: string; id: string } | null;
  backward: boolean;
  limit: number;
}

// Byte order ("C") keeps a parent right before its subtree whatever the database collation, since "/" sorts
// before every slug character but "-".
const pathOrder = sql`${categories.path} collate "C"`;

function categoryConditions(filter: CategoryFilterSpec): (SQL | undefined)[] {
  return [
    filter.parentId ? eq(categories.parentId, filter.parentId) : undefined,
    filter.rootsOnly ? isNull(categories.parentId) : undefined,
  ];
}

export async function findCategoryPage(db: Executor, query: CategoryPageQuery): Promise<CategoryRow[]> {
  const conditions = categoryConditions(query.filter);
  if (query.cursor) {
    const comparison = query.backward ? sql.raw('<') : sql.raw('>');
    conditions.push(
      sql`(${pathOrder}, ${categories.id}) ${comparison} (${query.cursor.path} collate "C", ${query.cursor.id}::uuid)`,
    );
  }
  const direction = query.backward ? desc : asc;
  return db
    .select()
    .from(categories)
    .where(and(...conditions))
    .orderBy(direction(pathOrder), direction(categories.id))
    .limit(query.limit);
}

export async function countCategories(db: Executor, filter: CategoryFilterSpec): Promise<number> {
  return countRows(db, categories, and(...categoryConditions(filter)));
}
