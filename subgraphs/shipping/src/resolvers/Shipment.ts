import type { ShipmentResolvers } from '../__generated__/resolvers-types';

export const Shipment: ShipmentResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: the order's customer and staff get the
  // shipment, anyone else null (as for one that does not exist). Through loaders.
  __resolveReference: async (reference, ctx) => ctx.shipping.findShipment(reference.id),
  labelUrl: (shipment, _args, ctx) => (ctx.viewer.managesShipping ? shipment.labelUrl : null),
  lines: (shipment, _args, ctx) => ctx.loaders.linesByShipment.load(shipment.id),
  events: (shipment, _args, ctx) => ctx.loaders.eventsByShipment.load(shipment.id),
};
