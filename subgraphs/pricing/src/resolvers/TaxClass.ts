import { identityHasPermission } from '@shop/server';
import type { TaxClassResolvers } from '../__generated__/resolvers-types';
import { PRICING_WRITE } from '../permissions';

export const TaxClass: TaxClassResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only pricing:write staff (who may read the
  // staff lists) get the class; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, PRICING_WRITE) ? ctx.loaders.taxClassById.load(reference.id) : null,
};
