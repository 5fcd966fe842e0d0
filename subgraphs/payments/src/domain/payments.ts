import { isUuid, writesThen, type PageArgs } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import type { IntentStatus, PaymentIntentRow, ReturnRow } from '../db/schema';
import { completeAction, type PaymentActionCompleteInput } from './complete-action';
import type { PaymentsDeps } from './deps';
import { submitDisputeEvidence, type DisputeEvidenceSubmitInput } from './disputes';
import {
  approveReturn,
  receiveReturn,
  rejectReturn,
  requestReturn,
  type ReturnDecisionInput,
  type ReturnRequestInput,
} from './returns';
import { listPayments, listPaymentsForReview } from './list-payments';
import { reconcile } from './reconciliation';
import {
  approveReview,
  capturePaymentAsStaff,
  refundPaymentAsStaff,
  rejectReview,
  voidPaymentAsStaff,
  type PaymentCaptureInput,
  type PaymentReviewInput,
  type PaymentVoidInput,
  type RefundCreateInput,
} from './staff-actions';
import { mayRead, type Viewer } from './viewer';

/** The filter of `payments(filter)`, ids already decoded by the platform. */
export interface PaymentListFilter {
  status?: IntentStatus | null;
  orderId?: string | null;
}

/**
 * The payments use cases bound to one request's viewer and loaders: what resolvers call. Reads hide what the viewer
 * may not see; writes clear the loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function paymentUseCases(deps: PaymentsDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  const visible = (intent: PaymentIntentRow | null) => (intent && mayRead(viewer, intent) ? intent : null);
  return {
    viewer,
    findPayment: async (id: string) => visible(await loaders.intentById.load(id)),
    /** A refund, to whoever may see its payment. */
    findRefund: async (id: string) => {
      const refund = await loaders.refundById.load(id);
      return refund && visible(await loaders.intentById.load(refund.paymentIntentId)) ? refund : null;
    },
    /** A dispute, to payments staff only. */
    findDispute: async (id: string) => (viewer.manager ? loaders.disputeById.load(id) : null),
    /** A return, to the customer who requested it and payments staff. */
    findReturn: async (id: string) => {
      const row = await loaders.returnById.load(id);
      return row && (viewer.manager || (viewer.userId !== null && row.userId === viewer.userId)) ? row : null;
    },
    paymentsOfOrder: async (orderId: string) =>
      (await loaders.intentsByOrderId.load(orderId)).filter((intent) => mayRead(viewer, intent)),
    refundsOf: (intent: PaymentIntentRow) => loaders.refundsByIntentId.load(intent.id),
    /** Staff only: others get an empty list. */
    returnsOfOrder: async (orderId: string) =>
      (await loaders.returnsByOrderId.load(orderId)).filter(
        (row) => viewer.manager || (viewer.userId !== null && row.userId === viewer.userId),
      ),
    linesOfReturn: (row: ReturnRow) => loaders.linesByReturnId.load(row.id),
    requestReturn: write((input: ReturnRequestInput) => requestReturn(deps, viewer, input)),
    approveReturn: write((input: ReturnDecisionInput) => approveReturn(deps, viewer, input)),
    rejectReturn: write((input: ReturnDecisionInput) => rejectReturn(deps, viewer, input)),
    receiveReturn: write((input: ReturnDecisionInput) => receiveReturn(deps, viewer, input)),
    disputesOf: async (intent: PaymentIntentRow) => (viewer.manager ? loaders.disputesByIntentId.load(intent.id) : []),
    submitDisputeEvidence: write((input: DisputeEvidenceSubmitInput) => submitDisputeEvidence(deps, viewer, input)),
    ledgerOf: async (intent: PaymentIntentRow) => (viewer.manager ? loaders.ledgerByIntentId.load(intent.id) : []),
    listPayments: (filter: PaymentListFilter | null | undefined, args: PageArgs) =>
      listPayments(
        deps.db,
        {
          status: filter?.status ?? null,
          // A malformed id names no order: a filter that matches nothing.
          orderId: filter?.orderId
            ? isUuid(filter.orderId)
              ? filter.orderId
              : '00000000-0000-0000-0000-000000000000'
            : null,
        },
        args,
      ),
    listPaymentsForReview: (args: PageArgs) => listPaymentsForReview(deps.db, args),
    reconcile: (from: Date, to: Date) => reconcile(deps.db, from, to),
    capturePayment: write((input: PaymentCaptureInput) => capturePaymentAsStaff(deps, viewer, input)),
    voidPayment: write((input: PaymentVoidInput) => voidPaymentAsStaff(deps, viewer, input)),
    createRefund: write((input: RefundCreateInput) => refundPaymentAsStaff(deps, viewer, input)),
    approveReview: write((input: PaymentReviewInput) => approveReview(deps, viewer, input)),
    rejectReview: write((input: PaymentReviewInput) => rejectReview(deps, viewer, input)),
    completeAction: write((input: PaymentActionCompleteInput) => completeAction(deps, viewer, input)),
  };
}

export type PaymentUseCases = ReturnType<typeof paymentUseCases>;
