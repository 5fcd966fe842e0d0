import { identityHasPermission } from '@shop/server';
import type { TaxRateResolvers } from '../__generated__/resolvers-types';
import { PRICING_WRITE } from '../permissions';

export const TaxRate: TaxRateResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only pricing:write staff (who may read the
  // staff lists) get the rate; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, PRICING_WRITE) ? ctx.loaders.taxRateById.load(reference.id) : null,
  region: (rate) => (rate.region === '' ? null : rate.region),
  // A staff page holds at most 100 rates over a handful of classes: one statement through the request's loader.
  taxClass: (rate, _args, ctx) => ctx.pricing.taxClassOf(rate.taxClassId),
};
