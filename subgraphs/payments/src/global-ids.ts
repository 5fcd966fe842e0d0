import type { GlobalIdMap } from '@shop/server';

/** The type each ID argument or input field names (besides an object's own `id`). */
export const globalIds: GlobalIdMap = {
  'PaymentFilter.orderId': 'Order',
  'PaymentCaptureInput.paymentId': 'PaymentIntent',
  'PaymentVoidInput.paymentId': 'PaymentIntent',
  'RefundCreateInput.paymentId': 'PaymentIntent',
  'PaymentReviewApproveInput.paymentId': 'PaymentIntent',
  'PaymentReviewRejectInput.paymentId': 'PaymentIntent',
  'PaymentActionCompleteInput.paymentId': 'PaymentIntent',
  'DisputeEvidenceSubmitInput.disputeId': 'Dispute',
  'ReturnLine.lineId': 'OrderLine',
  'ReturnLineInput.lineId': 'OrderLine',
  'ReturnRequestInput.orderId': 'Order',
  'ReturnApproveInput.returnId': 'Return',
  'ReturnRejectInput.returnId': 'Return',
  'ReturnReceiveInput.returnId': 'Return',
};
