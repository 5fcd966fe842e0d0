import DataLoader from 'dataloader';
import { isUuid } from '@shop/core';
import type { Executor } from '@shop/db';
import { disputesByIds, disputesOfIntents } from './disputes.store';
import { intentsByIds, intentsByOrderIds } from './intents.store';
import { ledgerOfIntents } from './ledger.store';
import { refundsByIds, refundsOfIntents } from './refunds.store';
import { linesOfReturns, returnsByIds, returnsOfOrders } from './returns.store';
import type { DisputeRow, LedgerEntryRow, PaymentIntentRow, RefundRow, ReturnLineRow, ReturnRow } from './schema';

const groupBy = <T>(rows: T[], key: (row: T) => string): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

/** A loader of rows by their UUID id: malformed ids are simply not found. */
function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (keys) => {
    const wanted = keys.filter(isUuid);
    const rows = wanted.length > 0 ? await load(wanted) : [];
    const map = new Map(rows.map((row) => [row.id, row]));
    return keys.map((key) => map.get(key) ?? null);
  });
}

/** Per-request DataLoaders: every lookup of one request in the same tick is one statement. Results are in key order. */
export function createLoaders(db: Executor) {
  return {
    intentById: new DataLoader<string, PaymentIntentRow | null>(async (keys) => {
      // Ids arrive from clients: a malformed one is simply not found, never a database cast error.
      const wanted = keys.filter(isUuid);
      const rows = wanted.length > 0 ? await intentsByIds(db, wanted) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => byId.get(key) ?? null);
    }),
    refundById: byId((ids) => refundsByIds(db, ids)),
    disputeById: byId((ids) => disputesByIds(db, ids)),
    returnById: byId((ids) => returnsByIds(db, ids)),
    intentsByOrderId: new DataLoader<string, PaymentIntentRow[]>(async (keys) => {
      const wanted = keys.filter(isUuid);
      const rows = wanted.length > 0 ? await intentsByOrderIds(db, wanted) : [];
      const byOrder = groupBy(rows, (r) => r.orderId);
      return keys.map((key) => byOrder.get(key) ?? []);
    }),
    refundsByIntentId: new DataLoader<string, RefundRow[]>(async (keys) => {
      const byIntent = groupBy(await refundsOfIntents(db, keys), (r) => r.paymentIntentId);
      return keys.map((key) => byIntent.get(key) ?? []);
    }),
    disputesByIntentId: new DataLoader<string, DisputeRow[]>(async (keys) => {
      const byIntent = groupBy(await disputesOfIntents(db, keys), (r) => r.paymentIntentId);
      return keys.map((key) => byIntent.get(key) ?? []);
    }),
    returnsByOrderId: new DataLoader<string, ReturnRow[]>(async (keys) => {
      const wanted = keys.filter(isUuid);
      const byOrder = groupBy(await returnsOfOrders(db, wanted), (r) => r.orderId);
      return keys.map((key) => byOrder.get(key) ?? []);
    }),
    linesByReturnId: new DataLoader<string, ReturnLineRow[]>(async (keys) => {
      const byReturn = groupBy(await linesOfReturns(db, keys), (r) => r.returnId);
      return keys.map((key) => byReturn.get(key) ?? []);
    }),
    ledgerByIntentId: new DataLoader<string, LedgerEntryRow[]>(async (keys) => {
      const byIntent = groupBy(await ledgerOfIntents(db, keys), (r) => r.paymentIntentId);
      return keys.map((key) => byIntent.get(key) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Forgets everything loaded so far: after a write, the rest of the request must read fresh rows. */
export function clearLoaders(loaders: Loaders): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
