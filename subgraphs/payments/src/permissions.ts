import { hasPermission, isAuthenticated, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission to see and act on every payment (capture, void, refund, review, reconcile). */
export const PAYMENTS_MANAGE = 'payments:manage';

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 * `Order.payments` and the `_entities` lookups filter by owner in the domain (a customer sees only their own).
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  payments: hasPermission(PAYMENTS_MANAGE),
  paymentsForReview: hasPermission(PAYMENTS_MANAGE),
  paymentsReconciliation: hasPermission(PAYMENTS_MANAGE),
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  paymentCapture: hasPermission(PAYMENTS_MANAGE),
  paymentVoid: hasPermission(PAYMENTS_MANAGE),
  refundCreate: hasPermission(PAYMENTS_MANAGE),
  paymentReviewApprove: hasPermission(PAYMENTS_MANAGE),
  paymentReviewReject: hasPermission(PAYMENTS_MANAGE),
  disputeEvidenceSubmit: hasPermission(PAYMENTS_MANAGE),
  // Owner-only in the domain: another customer's order is NOT_FOUND.
  returnRequest: isAuthenticated,
  returnApprove: hasPermission(PAYMENTS_MANAGE),
  returnReject: hasPermission(PAYMENTS_MANAGE),
  returnReceive: hasPermission(PAYMENTS_MANAGE),
  // The owner check (only the customer who placed the order) is in the domain: others get NOT_FOUND.
  paymentActionComplete: isAuthenticated,
};

export const permissions = { Query, Mutation };
