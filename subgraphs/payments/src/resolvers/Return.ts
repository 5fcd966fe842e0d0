import { toMoney } from '@shop/core';
import type { ReturnResolvers } from '../__generated__/resolvers-types';

export const Return: ReturnResolvers = {
  // Returns are reached through their order (owner and staff); a lookup by reference alone reveals nothing.
  __resolveReference: () => null,
  order: (row) => ({ id: row.orderId }),
  lines: (row, _args, ctx) => ctx.payments.linesOfReturn(row),
  amount: (row) => toMoney(row.amount, row.currency),
};
