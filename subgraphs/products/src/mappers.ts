import type { StoredAttribute, VariantRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>):
 * the stored rows (Product, Category and Media are theirs by codegen's convention), so field resolvers receive rows and `__resolveReference` receives `{ id }`. The connections are
 * core's `Connection` of these (codegen's convention).
 */
export type ProductVariantModel = VariantRow;
export type ProductAttributeModel = StoredAttribute;
