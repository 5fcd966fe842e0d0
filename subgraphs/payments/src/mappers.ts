import type { DisputeRow, LedgerEntryRow, PaymentIntentRow, RefundRow, ReturnLineRow, ReturnRow } from './db/schema';
import type { Reconciliation, ReconciliationMismatchRow, ReconciliationTotalRow } from './domain/reconciliation';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * connection and Order, which payments only knows by id, follow codegen's conventions.
 */
export type PaymentIntentModel = PaymentIntentRow;
export type RefundModel = RefundRow;
export type LedgerEntryModel = LedgerEntryRow;
export type PaymentsReconciliationModel = Reconciliation;
export type ReconciliationMismatchModel = ReconciliationMismatchRow;
export type ReconciliationTotalModel = ReconciliationTotalRow;
export type DisputeModel = DisputeRow;
export type ReturnModel = ReturnRow;
export type ReturnLineModel = ReturnLineRow;
