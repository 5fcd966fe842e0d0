import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import { categoriesByIds, deleteCategoryRow, hasChildCategories, lockCategoryTree } from '../db/categories.store';
import { countLiveProductsInCategory, detachDeletedProductsFromCategory } from '../db/products.store';
import { categoryNotFoundById } from './category-input';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCaseWithoutCaller } from './errors';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';

const categoryDeleteInput = z.object({ id: idField });

const notEmpty = (message: string): ProductUserError => userError('CATEGORY_NOT_EMPTY', message, ['id']);

/**
 * categoryDelete: only an empty category (no subcategories, no live products) can go. Deleted products that
 * still point at it lose their category. A product filed under it by a concurrent transaction makes the
 * foreign key fail, which is reported as CATEGORY_NOT_EMPTY too.
 */
export const deleteCategory = useCaseWithoutCaller(
  categoryDeleteInput,
  async (deps: CatalogDeps, { id }): Promise<ProductResult<string>> => {
    return runInTransaction(
      deps.db,
      async (tx) => {
        await lockCategoryTree(tx);
        const [category] = isUuid(id) ? await categoriesByIds(tx, [id]) : [];
        if (!category) return failMany([categoryNotFoundById(['id'])]);
        if (await hasChildCategories(tx, category.id))
          return failMany([notEmpty('Move or delete its subcategories first.')]);
        const products = await countLiveProductsInCategory(tx, category.id);
        if (products > 0) {
          return failMany([notEmpty(`Move or delete its ${products} product${products === 1 ? '' : 's'} first.`)]);
        }
        await detachDeletedProductsFromCategory(tx, category.id);
        await deleteCategoryRow(tx, category.id);
        return ok(category.id);
      },
      (violation) =>
        violation.kind === 'foreign_key' ? notEmpty('Products or subcategories were added to it meanwhile.') : null,
    );
  },
);
