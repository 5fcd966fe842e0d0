import { toMoney } from '@shop/core';
import type { RefundResolvers } from '../__generated__/resolvers-types';

export const Refund: RefundResolvers = {
  // Refunds are reached through their payment; a lookup by reference alone reveals nothing.
  __resolveReference: () => null,
  amount: (refund) => toMoney(refund.amount, refund.currency),
};
