import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row } from '../authorization-table';

/**
 * Payments: every staff field needs `payments:manage`; `paymentActionComplete` needs a signed-in customer and is
 * owner-only in the domain (anyone else's payment, or an unknown one, is NOT_FOUND). `Order.payments` is not a root
 * field: the payments subgraph's tests check that only the owner and payments staff see it, `_entities` included.
 * Inputs are harmless: unknown ids.
 */
const MANAGE = { kind: 'permission', permission: 'payments:manage' } as const;
const ERRORS = 'userErrors { code }';
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});
const unknownPayment = () => `{ paymentId: "${nowhereId('PaymentIntent')}" }`;

export const rows: Record<string, Row> = {
  'Query.payments': {
    access: MANAGE,
    operation: () => ({ query: `{ payments(first: 1) { totalCount } }` }),
  },
  'Query.paymentsForReview': {
    access: MANAGE,
    operation: () => ({ query: `{ paymentsForReview(first: 1) { nodes { id } } }` }),
  },
  'Query.paymentsReconciliation': {
    access: MANAGE,
    operation: () => ({
      query: `{ paymentsReconciliation(from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z") { totals { entries } } }`,
    }),
  },
  'Mutation.paymentCapture': { access: MANAGE, operation: () => mutation('paymentCapture', unknownPayment()) },
  'Mutation.paymentVoid': { access: MANAGE, operation: () => mutation('paymentVoid', unknownPayment()) },
  'Mutation.refundCreate': { access: MANAGE, operation: () => mutation('refundCreate', unknownPayment()) },
  'Mutation.paymentReviewApprove': {
    access: MANAGE,
    operation: () => mutation('paymentReviewApprove', unknownPayment()),
  },
  'Mutation.paymentReviewReject': {
    access: MANAGE,
    operation: () => mutation('paymentReviewReject', unknownPayment()),
  },
  'Mutation.disputeEvidenceSubmit': {
    access: MANAGE,
    operation: () =>
      mutation('disputeEvidenceSubmit', `{ disputeId: "${nowhereId('Dispute')}", evidence: "Tracking 123" }`),
  },
  'Mutation.returnRequest': {
    access: { kind: 'authenticated' },
    operation: () =>
      mutation(
        'returnRequest',
        `{ orderId: "${nowhereId('Order')}", lines: [{ lineId: "${nowhereId('OrderLine')}", quantity: 1 }] }`,
      ),
  },
  'Mutation.returnApprove': {
    access: MANAGE,
    operation: () => mutation('returnApprove', `{ returnId: "${nowhereId('Return')}" }`),
  },
  'Mutation.returnReject': {
    access: MANAGE,
    operation: () => mutation('returnReject', `{ returnId: "${nowhereId('Return')}" }`),
  },
  'Mutation.returnReceive': {
    access: MANAGE,
    operation: () => mutation('returnReceive', `{ returnId: "${nowhereId('Return')}" }`),
  },
  'Mutation.paymentActionComplete': {
    access: { kind: 'authenticated' },
    operation: () => mutation('paymentActionComplete', unknownPayment()),
  },
};
