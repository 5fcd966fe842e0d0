import { clearLoaders as clearAll, manyBy, oneById, type Executor } from '@shop/db';
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
    intentsByOrderId: manyBy((ids) => intentsByOrderIds(db, ids), 'orderId'),
    refundsByIntentId: manyBy((ids) => refundsOfIntents(db, ids), 'paymentIntentId'),
    disputesByIntentId: manyBy((ids) => disputesOfIntents(db, ids), 'paymentIntentId'),
    returnsByOrderId: manyBy((ids) => returnsOfOrders(db, ids), 'orderId'),
    linesByReturnId: manyBy((ids) => linesOfReturns(db, ids), 'returnId'),
    ledgerByIntentId: manyBy((ids) => ledgerOfIntents(db, ids), 'paymentIntentId'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export const clearLoaders = (loaders: Loaders): void => clearAll(loaders);
