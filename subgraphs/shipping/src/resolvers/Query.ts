import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  shippingZones: (_root, args, ctx) => ctx.shipping.listZones(args),
  shipmentTracking: (_root, { trackingNumber, email }, ctx) => ctx.shipping.trackShipment(trackingNumber, email),
};
