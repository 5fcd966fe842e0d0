import type { ProductRatingRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>; Review is
 * its ReviewRow by codegen's convention).
 * Product and User are other subgraphs' entities: here they are just their key (codegen's convention for Product;
 * User is spelled out because permissions.ts types its rules by it). The connection is core's `Connection` of these.
 */
export interface UserModel {
  id: string;
}
/** The aggregate row, or an empty one for a product without approved reviews. */
export type ProductRatingModel = Pick<
  ProductRatingRow,
  'count' | 'total' | 'stars1' | 'stars2' | 'stars3' | 'stars4' | 'stars5'
>;
