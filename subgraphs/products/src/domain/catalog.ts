import { writesThen } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import type { CategoryRow } from '../db/schema';
import { addMedia, type MediaAddInput } from './add-media';
import { createCategory, type CategoryCreateInput } from './create-category';
import { createProduct, type ProductCreateInput } from './create-product';
import { createVariant, type VariantCreateInput } from './create-variant';
import { deleteCategory, type CategoryDeleteInput } from './delete-category';
import { deleteProduct, type ProductDeleteInput } from './delete-product';
import { deleteVariant, type VariantDeleteInput } from './delete-variant';
import type { CatalogDeps } from './deps';
import { mediaReference, productReference, variantReference } from './entity-references';
import { categoryAncestors, findCategory } from './find-category';
import { findProduct } from './find-product';
import { listCategories, type CategoryListArgs } from './list-categories';
import { listProducts, type ProductListArgs } from './list-products';
import type { LookupArgs } from './lookup';
import { removeMedia, type MediaRemoveInput } from './remove-media';
import { reorderMedia, type MediaReorderInput } from './reorder-media';
import { updateCategory, type CategoryUpdateInput } from './update-category';
import { updateProduct, type ProductUpdateInput } from './update-product';
import { updateVariant, type VariantUpdateInput } from './update-variant';
import type { Viewer } from './viewer';

/**
 * The catalog's use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the
 * request's loaders afterwards, so fields resolved after a mutation (or by a later mutation of the same
 * operation) read what was just written.
 */
export function createCatalog(deps: CatalogDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  const { actor } = viewer;
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

    createProduct: write((input: ProductCreateInput) => createProduct(deps, actor, input)),
    updateProduct: write((input: ProductUpdateInput) => updateProduct(deps, actor, input)),
    deleteProduct: write((input: ProductDeleteInput) => deleteProduct(deps, actor, input)),
    createVariant: write((input: VariantCreateInput) => createVariant(deps, actor, input)),
    updateVariant: write((input: VariantUpdateInput) => updateVariant(deps, actor, input)),
    deleteVariant: write((input: VariantDeleteInput) => deleteVariant(deps, actor, input)),
    createCategory: write((input: CategoryCreateInput) => createCategory(deps, input)),
    updateCategory: write((input: CategoryUpdateInput) => updateCategory(deps, input)),
    deleteCategory: write((input: CategoryDeleteInput) => deleteCategory(deps, input)),
    addMedia: write((input: MediaAddInput) => addMedia(deps, actor, input)),
    reorderMedia: write((input: MediaReorderInput) => reorderMedia(deps, actor, input)),
    removeMedia: write((input: MediaRemoveInput) => removeMedia(deps, actor, input)),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
