import { badInput, currencyExponent } from '@shop/core';
import type { Executor } from '@shop/db';
import { ledgerMismatches, ledgerTotals, type LedgerMismatch } from '../db/ledger.store';
import type { LedgerKind } from '../db/schema';

export interface ReconciliationTotalRow {
  currency: string;
  authorized: bigint;
  captured: bigint;
  voided: bigint;
  refunded: bigint;
  /** Lost to disputes less disputes won. */
  disputed: bigint;
  net: bigint;
  entries: number;
}

export type ReconciliationMismatchRow = LedgerMismatch;

export interface Reconciliation {
  from: Date;
  to: Date;
  totals: ReconciliationTotalRow[];
  mismatches: LedgerMismatch[];
}

const MAX_DAYS = 366;
const MAX_MISMATCHES = 100;

/** `paymentsReconciliation(from, to)`: the ledger's totals per currency, and payments that disagree with it. */
export async function reconcile(db: Executor, from: Date, to: Date): Promise<Reconciliation> {
  if (!(from < to)) throw badInput('`from` must be before `to`.', ['from']);
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw badInput(`The period is at most ${MAX_DAYS} days.`, ['to']);
  const sums = await ledgerTotals(db, from, to);
  const byCurrency = new Map<string, ReconciliationTotalRow>();
  for (const row of sums) {
    const total =
      byCurrency.get(row.currency) ??
      ({
        currency: row.currency,
        authorized: 0n,
        captured: 0n,
        voided: 0n,
        refunded: 0n,
        disputed: 0n,
        net: 0n,
        entries: 0,
      } satisfies ReconciliationTotalRow);
    const add: Record<LedgerKind, () => void> = {
      AUTHORIZATION: () => (total.authorized += row.total),
      CAPTURE: () => (total.captured += row.total),
      VOID: () => (total.voided += row.total),
      REFUND: () => (total.refunded += row.total),
      DISPUTE: () => (total.disputed += row.total),
      DISPUTE_REVERSAL: () => (total.disputed -= row.total),
    };
    add[row.kind]();
    total.entries += row.entries;
    byCurrency.set(row.currency, total);
  }
  const totals = [...byCurrency.values()].map((t) => ({ ...t, net: t.captured - t.refunded - t.disputed }));
  // Validates the currencies the ledger holds (a code the runtime does not know would throw while formatting).
  for (const t of totals) currencyExponent(t.currency);
  return { from, to, totals, mismatches: await ledgerMismatches(db, from, to, MAX_MISMATCHES) };
}
