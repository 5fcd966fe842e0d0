import type { CategoryRow, MediaRow, ProductRow, StoredAttribute, VariantRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>):
 * the stored rows, so field resolvers receive rows and `__resolveReference` receives `{ id }`. The connections are
 * core's `Connection` of these (codegen's convention).
 */
export type ProductModel = ProductRow;
export type ProductVariantModel = VariantRow;
export type CategoryModel = CategoryRow;
export type MediaModel = MediaRow;
export type ProductAttributeModel = StoredAttribute;
