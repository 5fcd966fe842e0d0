import { toMoney } from '@shop/core';
import type { DisputeResolvers } from '../__generated__/resolvers-types';

export const Dispute: DisputeResolvers = {
  // Payments staff only; null for anyone else.
  __resolveReference: (reference, ctx) => ctx.payments.findDispute(reference.id),
  amount: (dispute) => toMoney(dispute.amount, dispute.currency),
};
