import { DateTime, Decimal } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Dispute } from './Dispute';
import { LedgerEntry } from './LedgerEntry';
import { disputeEvidenceSubmit } from './mutations/dispute-evidence-submit';
import { paymentActionComplete } from './mutations/payment-action-complete';
import { paymentCapture } from './mutations/payment-capture';
import { paymentReviewApprove } from './mutations/payment-review-approve';
import { paymentReviewReject } from './mutations/payment-review-reject';
import { paymentVoid } from './mutations/payment-void';
import { refundCreate } from './mutations/refund-create';
import { Order } from './Order';
import { PaymentIntent } from './PaymentIntent';
import { PaymentsReconciliation } from './PaymentsReconciliation';
import { Query } from './Query';
import { ReconciliationMismatch } from './ReconciliationMismatch';
import { ReconciliationTotal } from './ReconciliationTotal';
import { Refund } from './Refund';
import { Return } from './Return';
import { returnApprove } from './mutations/return-approve';
import { returnReceive } from './mutations/return-receive';
import { returnReject } from './mutations/return-reject';
import { returnRequest } from './mutations/return-request';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    paymentCapture,
    paymentVoid,
    refundCreate,
    paymentReviewApprove,
    paymentReviewReject,
    paymentActionComplete,
    disputeEvidenceSubmit,
    returnRequest,
    returnApprove,
    returnReject,
    returnReceive,
  },
  Order,
  PaymentIntent,
  Refund,
  Dispute,
  Return,
  LedgerEntry,
  PaymentsReconciliation,
  ReconciliationMismatch,
  ReconciliationTotal,
};
