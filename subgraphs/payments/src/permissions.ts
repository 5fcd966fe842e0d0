import { hasPermission, isAuthenticated, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission to see and act on every payment (capture, void, refund, review, reconcile). */
export const PAYMENTS_MANAGE = 'payments:manage';

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here).
 * `Order.payments` and the `_entities` lookups filter by owner in the domain (a customer sees only their own).
 */
const manage = hasPermission(PAYMENTS_MANAGE);

const Query = rootRules<QueryResolvers>()([[manage, 'payments paymentsForReview paymentsReconciliation']]);

const Mutation = rootRules<MutationResolvers>()([
  [
    manage,
    `paymentCapture paymentVoid refundCreate paymentReviewApprove paymentReviewReject disputeEvidenceSubmit
     returnApprove returnReject returnReceive`,
  ],
  // Owner-only in the domain (only the customer who placed the order): another customer's order is NOT_FOUND.
  [isAuthenticated, 'returnRequest paymentActionComplete'],
]);

export const permissions = { Query, Mutation };
