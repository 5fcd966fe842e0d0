import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/products.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'Query.product(id:)': 'Product',
  'Query.category(id:)': 'Category',
  'Query.categories(parentId:)': 'Category',
  'ProductFilter.categoryId': 'Category',
  'ProductCreateInput.categoryId': 'Category',
  'ProductUpdateInput.id': 'Product',
  'ProductUpdateInput.categoryId': 'Category',
  'ProductDeleteInput.id': 'Product',
  'ProductDeletePayload.deletedProductId': 'Product',
  'VariantCreateInput.productId': 'Product',
  'VariantUpdateInput.id': 'ProductVariant',
  'VariantDeleteInput.id': 'ProductVariant',
  'VariantDeletePayload.deletedVariantId': 'ProductVariant',
  'CategoryCreateInput.parentId': 'Category',
  'CategoryUpdateInput.id': 'Category',
  'CategoryUpdateInput.parentId': 'Category',
  'CategoryDeleteInput.id': 'Category',
  'CategoryDeletePayload.deletedCategoryId': 'Category',
  'MediaAddInput.productId': 'Product',
  'MediaAddInput.variantId': 'ProductVariant',
  'MediaReorderInput.productId': 'Product',
  'MediaReorderInput.mediaIds': 'Media',
  'MediaRemoveInput.id': 'Media',
  'MediaRemovePayload.deletedMediaId': 'Media',
};
