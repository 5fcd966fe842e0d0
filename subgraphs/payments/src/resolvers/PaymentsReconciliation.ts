import type { PaymentsReconciliationResolvers } from '../__generated__/resolvers-types';

export const PaymentsReconciliation: PaymentsReconciliationResolvers = {
  totals: (reconciliation) => reconciliation.totals,
};
