import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import {
  categoriesByIds,
  isCategorySlugTaken,
  lockCategoryTree,
  rewriteSubtreePaths,
  subtreeHeight,
  updateCategoryRow,
  type CategoryPatch,
} from '../db/categories.store';
import type { CategoryRow } from '../db/schema';
import { categoryNotFoundById, categorySlugTaken, childPath, levelsOf, parentPathOf } from './category-input';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCaseWithoutCaller } from './errors';
import { MAX_CATEGORY_DEPTH } from './limits';
import { runInTransaction } from '@shop/db';
import { descriptionField, idField, nameField, slugField } from './validation';

const categoryUpdateInput = z.object({
  id: idField,
  name: nameField(100).nullish(),
  slug: slugField.nullish(),
  description: descriptionField.nullish(),
  // undefined keeps the parent, null makes the category top-level.
  parentId: idField.nullish(),
});
type Parsed = z.output<typeof categoryUpdateInput>;

async function update(tx: Tx, input: Parsed): Promise<ProductResult<CategoryRow>> {
  await lockCategoryTree(tx);
  const [category] = isUuid(input.id) ? await categoriesByIds(tx, [input.id]) : [];
  if (!category) return failMany([categoryNotFoundById(['id'])]);

  const errors: ProductUserError[] = [];
  const patch: CategoryPatch = {};
  if (input.name != null) patch.name = input.name;
  if (input.description != null) patch.description = input.description;

  let parentPath = parentPathOf(category.path);
  if (input.parentId === null) {
    patch.parentId = null;
    parentPath = null;
  } else if (input.parentId !== undefined) {
    const [parent] = isUuid(input.parentId) ? await categoriesByIds(tx, [input.parentId]) : [];
    if (!parent) errors.push(categoryNotFoundById(['parentId']));
    else if (parent.id === category.id || parent.path.startsWith(`${category.path}/`)) {
      errors.push(
        userError('CATEGORY_CYCLE', 'A category cannot move under itself or one of its descendants.', ['parentId']),
      );
    } else {
      patch.parentId = parent.id;
      parentPath = parent.path;
    }
  }

  const slug = input.slug ?? category.slug;
  if (slug !== category.slug) {
    if (await isCategorySlugTaken(tx, slug, category.id)) errors.push(categorySlugTaken(slug, ['slug']));
    patch.slug = slug;
  }
  if (errors.length > 0) return failMany(errors);

  const newPath = childPath(parentPath, slug);
  if (newPath !== category.path) {
    if (levelsOf(newPath) + (await subtreeHeight(tx, category.path)) > MAX_CATEGORY_DEPTH) {
      return failMany([
        userError('LIMIT_EXCEEDED', `Categories are at most ${MAX_CATEGORY_DEPTH} levels deep.`, ['parentId']),
      ]);
    }
    await rewriteSubtreePaths(tx, category.path, newPath);
  }
  return ok(await updateCategoryRow(tx, category.id, patch));
}

/**
 * categoryUpdate: rename, re-slug and/or move. A new slug or parent rewrites the path of the whole subtree
 * in the same transaction; moving under itself or a descendant is CATEGORY_CYCLE.
 */
export const updateCategory = useCaseWithoutCaller(
  categoryUpdateInput,
  async (deps: CatalogDeps, input): Promise<ProductResult<CategoryRow>> => {
    return runInTransaction(
      deps.db,
      (tx) => update(tx, input),
      (violation) =>
        violation.constraint === 'categories_slug_key' ? categorySlugTaken(input.slug ?? '', ['slug']) : null,
    );
  },
);
