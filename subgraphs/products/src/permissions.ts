import { allow, hasPermission, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission every catalog write needs. */
export const CATALOG_WRITE = 'catalog:write';

const catalogWrite = hasPermission(CATALOG_WRITE);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here).
 *
 * Reads are public: visibility (DRAFT/ARCHIVED for staff only) is decided per row in the use cases, since
 * it depends on the data, not just the field, and `__resolveReference` applies the same rule to `_entities`
 * (domain/entity-references.ts). Entity types need no field rules: a visible entity exposes nothing more
 * sensitive than the catalog itself.
 */
const Query = rootRules<QueryResolvers>()([[allow, 'product products category categories']]);

const Mutation = rootRules<MutationResolvers>()([
  [
    catalogWrite,
    `productCreate productUpdate productDelete variantCreate variantUpdate variantDelete
     categoryCreate categoryUpdate categoryDelete mediaAdd mediaReorder mediaRemove`,
  ],
]);

export const permissions = { Query, Mutation };
