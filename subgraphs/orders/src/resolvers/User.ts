import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: async (reference) => ({ id: reference.id }),
  // Only the user or staff with `orders:manage` get here: see permissions.ts (User.orders).
  orders: (user, args, ctx) => ctx.orders.ordersOfUser(user.id, args),
};
