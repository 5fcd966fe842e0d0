import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  // Orders owns the order: payments only adds its payments, filtered to the owner and payments staff.
  __resolveReference: (reference) => ({ id: reference.id }),
  payments: (order, _args, ctx) => ctx.payments.paymentsOfOrder(order.id),
  returns: (order, _args, ctx) => ctx.payments.returnsOfOrder(order.id),
};
