import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  // Orders' entity: shipping resolves it from the id alone (no SQL); `shipments` checks who may see them.
  __resolveReference: async (reference) => ({ id: reference.id }),
  shipments: (order, _args, ctx) => ctx.shipping.shipmentsOfOrder(order.id),
};
