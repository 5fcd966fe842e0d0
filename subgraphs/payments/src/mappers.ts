import type { Connection, Money } from '@shop/core';
import type { DisputeRow, LedgerEntryRow, PaymentIntentRow, RefundRow, ReturnLineRow, ReturnRow } from './db/schema';
import type { Reconciliation, ReconciliationMismatchRow, ReconciliationTotalRow } from './domain/reconciliation';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type PaymentIntentModel = PaymentIntentRow;
export type PaymentIntentConnectionModel = Connection<PaymentIntentRow>;
export type RefundModel = RefundRow;
export type LedgerEntryModel = LedgerEntryRow;
/** An order as payments knows it: its id (orders owns the rest). */
export interface OrderModel {
  id: string;
}
export type PaymentsReconciliationModel = Reconciliation;
export type ReconciliationMismatchModel = ReconciliationMismatchRow;
export type ReconciliationTotalModel = ReconciliationTotalRow;
export type MoneyModel = Money;
export type DisputeModel = DisputeRow;
export type ReturnModel = ReturnRow;
export type ReturnLineModel = ReturnLineRow;
