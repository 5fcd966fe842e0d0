import type { Reconciliation, ReconciliationMismatchRow, ReconciliationTotalRow } from './domain/reconciliation';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * types stored as their own row (PaymentIntent, Refund, Dispute, LedgerEntry, Return, ReturnLine), the connection
 * and Order, which payments only knows by id, follow codegen's conventions.
 */
export type PaymentsReconciliationModel = Reconciliation;
export type ReconciliationMismatchModel = ReconciliationMismatchRow;
export type ReconciliationTotalModel = ReconciliationTotalRow;
