import type { Connection } from '@shop/core';
import type { CategoryRow, MediaRow, ProductRow, StoredAttribute, VariantRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>):
 * the stored rows, so field resolvers receive rows and `__resolveReference` receives `{ id }`.
 */
export type ProductModel = ProductRow;
export type ProductVariantModel = VariantRow;
export type CategoryModel = CategoryRow;
export type MediaModel = MediaRow;
export type ProductAttributeModel = StoredAttribute;
export type ProductConnectionModel = Connection<ProductRow>;
export type CategoryConnectionModel = Connection<CategoryRow>;
