import { clearLoaders as clearAll, manyEach, oneById, type Executor } from '@shop/db';
import { disputesByIds, disputesOfIntents } from './disputes.store';
import { intentsByIds, intentsByOrderIds } from './intents.store';
import { ledgerOfIntents } from './ledger.store';
import { refundsByIds, refundsOfIntents } from './refunds.store';
import { linesOfReturns, returnsByIds, returnsOfOrders } from './returns.store';

/** Per-request DataLoaders: every lookup of one request in the same tick is one statement. Results are in key order. */
export function createLoaders(db: Executor) {
  return {
    intentById: oneById((ids) => intentsByIds(db, ids)),
    refundById: oneById((ids) => refundsByIds(db, ids)),
    disputeById: oneById((ids) => disputesByIds(db, ids)),
    returnById: oneById((ids) => returnsByIds(db, ids)),
    intentsByOrderId: manyEach(
      (ids) => intentsByOrderIds(db, ids),
      (row) => row.orderId,
    ),
    refundsByIntentId: manyEach(
      (ids) => refundsOfIntents(db, ids),
      (row) => row.paymentIntentId,
    ),
    disputesByIntentId: manyEach(
      (ids) => disputesOfIntents(db, ids),
      (row) => row.paymentIntentId,
    ),
    returnsByOrderId: manyEach(
      (ids) => returnsOfOrders(db, ids),
      (row) => row.orderId,
    ),
    linesByReturnId: manyEach(
      (ids) => linesOfReturns(db, ids),
      (row) => row.returnId,
    ),
    ledgerByIntentId: manyEach(
      (ids) => ledgerOfIntents(db, ids),
      (row) => row.paymentIntentId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export const clearLoaders = (loaders: Loaders): void => clearAll(loaders);
