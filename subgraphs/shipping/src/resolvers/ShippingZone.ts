import { identityHasPermission } from '@shop/server';
import type { ShippingZoneResolvers } from '../__generated__/resolvers-types';
import { SHIPPING_MANAGE } from '../permissions';

export const ShippingZone: ShippingZoneResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only shipping:manage staff (who may list zones)
  // get the zone; anyone else gets null, as for one that does not exist. Through a loader: a page is one statement.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, SHIPPING_MANAGE) ? ctx.loaders.zoneById.load(reference.id) : null,
  countries: async (zone, _args, ctx) =>
    (await ctx.loaders.areasByZone.load(zone.id)).filter((a) => a.region === '').map((a) => a.country),
  regions: async (zone, _args, ctx) =>
    (await ctx.loaders.areasByZone.load(zone.id)).filter((a) => a.region !== '').map((a) => `${a.country}-${a.region}`),
  methods: (zone, _args, ctx) => ctx.loaders.methodsByZone.load(zone.id),
};
