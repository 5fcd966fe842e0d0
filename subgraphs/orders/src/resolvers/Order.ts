import { toMoney } from '@shop/core';
import type {
  OrderDiscountResolvers,
  OrderHistoryEntryResolvers,
  OrderLineResolvers,
  OrderNoteResolvers,
  OrderResolvers,
  OrderTotalsResolvers,
} from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  // Through a loader, and only what this viewer may see: another customer's order is null through `_entities` too.
  __resolveReference: async (reference, ctx) => ctx.orders.findOrder(reference.id),
  customer: (order) => ({ id: order.userId }),
  lines: async (order, _args, ctx) =>
    (await ctx.orders.linesOf(order)).map((line) => ({ ...line, currency: order.currency })),
  totals: (order) => order,
  history: (order, _args, ctx) => ctx.orders.historyOf(order),
  notes: (order, _args, ctx) => ctx.orders.notesOf(order),
};

export const OrderLine: OrderLineResolvers = {
  variant: (line) => ({ id: line.variantId }),
  product: (line) => ({ id: line.productId }),
  name: (line) => line.productName,
  unitPrice: (line) => toMoney(line.unitPrice, line.currency),
  subtotal: (line) => toMoney(line.subtotal, line.currency),
  discounts: (line) => line.discounts.map((discount) => ({ ...discount, currency: line.currency })),
  tax: (line) => toMoney(line.tax, line.currency),
  total: (line) => toMoney(line.total, line.currency),
};

export const OrderDiscount: OrderDiscountResolvers = {
  amount: (discount) => toMoney(BigInt(discount.amountMinor), discount.currency),
};

export const OrderTotals: OrderTotalsResolvers = {
  subtotal: (order) => toMoney(order.subtotal, order.currency),
  discounts: (order) => toMoney(order.discountTotal, order.currency),
  shipping: (order) => toMoney(order.shipping, order.currency),
  tax: (order) => toMoney(order.tax, order.currency),
  total: (order) => toMoney(order.total, order.currency),
};

export const OrderHistoryEntry: OrderHistoryEntryResolvers = {
  at: (entry) => entry.createdAt,
};

export const OrderNote: OrderNoteResolvers = {
  author: (note) => ({ id: note.authorId }),
};
