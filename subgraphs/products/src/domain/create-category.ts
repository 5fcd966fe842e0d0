import { z } from 'zod';
import { failMany, isUuid, newId, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import {
  categoriesByIds,
  categorySlugsLike,
  insertCategory,
  isCategorySlugTaken,
  lockCategoryTree,
} from '../db/categories.store';
import type { CategoryRow } from '../db/schema';
import { categoryNotFoundById, categorySlugTaken, childPath, levelsOf } from './category-input';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCaseWithoutCaller } from './errors';
import { MAX_CATEGORY_DEPTH } from './limits';
import { firstFreeSlug, slugify } from './slug';
import { runInTransaction } from '@shop/db';
import { descriptionField, idField, nameField, slugField } from './validation';

const categoryCreateInput = z.object({
  name: nameField(100),
  slug: slugField.nullish(),
  description: descriptionField.nullish(),
  parentId: idField.nullish(),
});

export type CategoryCreateInput = z.input<typeof categoryCreateInput>;
type Parsed = z.output<typeof categoryCreateInput>;

async function create(tx: Tx, input: Parsed): Promise<ProductResult<CategoryRow>> {
  await lockCategoryTree(tx);
  const errors: ProductUserError[] = [];
  let parent: CategoryRow | undefined;
  if (input.parentId != null) {
    [parent] = isUuid(input.parentId) ? await categoriesByIds(tx, [input.parentId]) : [];
    if (!parent) errors.push(categoryNotFoundById(['parentId']));
    else if (levelsOf(parent.path) >= MAX_CATEGORY_DEPTH) {
      errors.push(
        userError('LIMIT_EXCEEDED', `Categories are at most ${MAX_CATEGORY_DEPTH} levels deep.`, ['parentId']),
      );
    }
  }
  let slug = input.slug ?? null;
  if (slug === null) {
    const base = slugify(input.name, 'category');
    slug = firstFreeSlug(base, await categorySlugsLike(tx, base));
  } else if (await isCategorySlugTaken(tx, slug)) {
    errors.push(categorySlugTaken(slug, ['slug']));
  }
  if (errors.length > 0) return failMany(errors);
  const category = await insertCategory(tx, {
    id: newId(),
    parentId: parent?.id ?? null,
    name: input.name,
    slug,
    path: childPath(parent?.path ?? null, slug),
    description: input.description ?? '',
  });
  return ok(category);
}

/** categoryCreate: a top-level category or a child of `parentId`, with a unique slug (generated if omitted). */
export const createCategory = useCaseWithoutCaller(
  categoryCreateInput,
  async (deps: CatalogDeps, input): Promise<ProductResult<CategoryRow>> => {
    return runInTransaction(
      deps.db,
      (tx) => create(tx, input),
      (violation) =>
        violation.constraint === 'categories_slug_key' ? categorySlugTaken(input.slug ?? '', ['slug']) : null,
    );
  },
);
