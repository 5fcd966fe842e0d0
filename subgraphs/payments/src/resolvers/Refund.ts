import { toMoney } from '@shop/core';
import type { RefundResolvers } from '../__generated__/resolvers-types';

export const Refund: RefundResolvers = {
  // Visible to whoever may see its payment (the order's owner, payments staff); null for anyone else.
  __resolveReference: (reference, ctx) => ctx.payments.findRefund(reference.id),
  amount: (refund) => toMoney(refund.amount, refund.currency),
};
