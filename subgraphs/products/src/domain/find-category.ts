import type { Loaders } from '../db/loaders';
import type { CategoryRow } from '../db/schema';
import { lookupKeyOf, type LookupArgs } from './lookup';

/** `category(id | slug)`: null when it does not exist. */
export async function findCategory(loaders: Loaders, args: LookupArgs): Promise<CategoryRow | null> {
  const key = lookupKeyOf(args, 'category');
  return key.by === 'id' ? loaders.categoryById.load(key.value) : loaders.categoryBySlug.load(key.value);
}

/** Levels above the category: 0 for a top-level one. */
export const categoryDepth = (category: CategoryRow): number => category.path.split('/').length - 1;

/** The paths of every category above this one, root first: "a", "a/b" for "a/b/c". */
export function ancestorPaths(path: string): string[] {
  const segments = path.split('/');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
}

/** Root first, parent last; one batched statement for all the categories of a request. */
export async function categoryAncestors(loaders: Loaders, category: CategoryRow): Promise<CategoryRow[]> {
  const found = await loaders.categoryByPath.loadMany(ancestorPaths(category.path));
  return found
    .map((row) => {
      if (row instanceof Error) throw row;
      return row;
    })
    .filter((row): row is CategoryRow => row !== null);
}
