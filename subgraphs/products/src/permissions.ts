import { allow, hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission every catalog write needs. */
export const CATALOG_WRITE = 'catalog:write';

const catalogWrite = hasPermission(CATALOG_WRITE);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 *
 * Reads are public: visibility (DRAFT/ARCHIVED for staff only) is decided per row in the use cases, since
 * it depends on the data, not just the field, and `__resolveReference` applies the same rule to `_entities`
 * (domain/entity-references.ts). Entity types need no field rules: a visible entity exposes nothing more
 * sensitive than the catalog itself.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  product: allow,
  products: allow,
  category: allow,
  categories: allow,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  productCreate: catalogWrite,
  productUpdate: catalogWrite,
  productDelete: catalogWrite,
  variantCreate: catalogWrite,
  variantUpdate: catalogWrite,
  variantDelete: catalogWrite,
  categoryCreate: catalogWrite,
  categoryUpdate: catalogWrite,
  categoryDelete: catalogWrite,
  mediaAdd: catalogWrite,
  mediaReorder: catalogWrite,
  mediaRemove: catalogWrite,
};

export const permissions = { Query, Mutation };
