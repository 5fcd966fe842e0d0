import { toMoney } from '@shop/core';
import type { DisputeResolvers } from '../__generated__/resolvers-types';

export const Dispute: DisputeResolvers = {
  // Disputes are reached through their payment (staff only); a lookup by reference alone reveals nothing.
  __resolveReference: () => null,
  amount: (dispute) => toMoney(dispute.amount, dispute.currency),
};
