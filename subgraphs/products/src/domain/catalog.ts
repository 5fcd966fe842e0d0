import { writesFor } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import type { CategoryRow } from '../db/schema';
import { addMedia } from './add-media';
import { createCategory } from './create-category';
import { createProduct } from './create-product';
import { createVariant } from './create-variant';
import { deleteCategory } from './delete-category';
import { deleteProduct } from './delete-product';
import { deleteVariant } from './delete-variant';
import type { CatalogDeps } from './deps';
import { mediaReference, productReference, variantReference } from './entity-references';
import { categoryAncestors, findCategory } from './find-category';
import { findProduct } from './find-product';
import { listCategories, type CategoryListArgs } from './list-categories';
import { listProducts, type ProductListArgs } from './list-products';
import type { LookupArgs } from './lookup';
import { removeMedia } from './remove-media';
import { reorderMedia } from './reorder-media';
import { updateCategory } from './update-category';
import { updateProduct } from './update-product';
import { updateVariant } from './update-variant';
import type { Viewer } from './viewer';

/**
 * The catalog's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the
 * request's loaders afterwards, so fields resolved after a mutation (or by a later mutation of the same
 * operation) read what was just written.
 */
export function createCatalog(deps: CatalogDeps, viewer: Viewer, loaders: Loaders) {
  const { actor } = viewer;
  const { write, writeWithoutCaller } = writesFor(deps, actor, () => clearLoaders(loaders));
  return {
    findProduct: (args: LookupArgs) => findProduct(loaders, viewer, args),
    /** Entity references: null when the entity does not exist or this viewer may not see it. */
    productReference: (id: string) => productReference(loaders, viewer, id),
    variantReference: (id: string) => variantReference(loaders, viewer, id),
    mediaReference: (id: string) => mediaReference(loaders, viewer, id),
    listProducts: (args: ProductListArgs) => listProducts(deps.db, viewer, args),
    findCategory: (args: LookupArgs) => findCategory(loaders, args),
    categoryAncestors: (category: CategoryRow) => categoryAncestors(loaders, category),
    listCategories: (args: CategoryListArgs) => listCategories(deps.db, args),

    createProduct: write(createProduct),
    updateProduct: write(updateProduct),
    deleteProduct: write(deleteProduct),
    createVariant: write(createVariant),
    updateVariant: write(updateVariant),
    deleteVariant: write(deleteVariant),
    createCategory: writeWithoutCaller(createCategory),
    updateCategory: writeWithoutCaller(updateCategory),
    deleteCategory: writeWithoutCaller(deleteCategory),
    addMedia: write(addMedia),
    reorderMedia: write(reorderMedia),
    removeMedia: write(removeMedia),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
