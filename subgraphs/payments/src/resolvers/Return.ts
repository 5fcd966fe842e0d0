import { toMoney } from '@shop/core';
import type { ReturnResolvers } from '../__generated__/resolvers-types';

export const Return: ReturnResolvers = {
  // The customer who requested it and payments staff; null for anyone else.
  __resolveReference: (reference, ctx) => ctx.payments.findReturn(reference.id),
  order: (row) => ({ id: row.orderId }),
  lines: (row, _args, ctx) => ctx.payments.linesOfReturn(row),
  amount: (row) => toMoney(row.amount, row.currency),
};
