import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import { rowsByKeys, type Executor } from '@shop/db';
import { ledgerEntries, paymentIntents, type LedgerEntryRow, type LedgerKind } from './schema';

/** Every SQL statement on payments.ledger_entries. */

/** A ledger entry built and not sent (for `writeInOneStatement`). */
export function ledgerEntryInsert(
  tx: Executor,
  values: { paymentIntentId: string; kind: LedgerKind; amount: bigint; currency: string; reference?: string | null },
) {
  return tx.insert(ledgerEntries).values({ id: newId(), reference: null, ...values });
}

export async function insertLedgerEntry(
  tx: Executor,
  values: { paymentIntentId: string; kind: LedgerKind; amount: bigint; currency: string; reference?: string | null },
): Promise<LedgerEntryRow> {
  const [row] = await tx
    .insert(ledgerEntries)
    .values({ id: newId(), reference: null, ...values })
    .returning();
  return row!;
}

export const ledgerOfIntents = rowsByKeys(ledgerEntries, ledgerEntries.paymentIntentId, [
  asc(ledgerEntries.createdAt),
  asc(ledgerEntries.id),
]);

/** Sums per currency and kind of the entries made in [from, to). */
export async function ledgerTotals(
  db: Executor,
  from: Date,
  to: Date,
): Promise<{ currency: string; kind: LedgerKind; total: bigint; entries: number }[]> {
  const rows = await db
    .select({
      currency: ledgerEntries.currency,
      kind: ledgerEntries.kind,
      total: sql<string>`sum(${ledgerEntries.amount})::text`,
      entries: sql<number>`count(*)::int`,
    })
    .from(ledgerEntries)
    .where(and(gte(ledgerEntries.createdAt, from), lt(ledgerEntries.createdAt, to)))
    .groupBy(ledgerEntries.currency, ledgerEntries.kind)
    .orderBy(asc(ledgerEntries.currency), asc(ledgerEntries.kind));
  return rows.map((r) => ({ ...r, total: BigInt(r.total) }));
}

/**
 * Payments with ledger entries in [from, to) whose recorded totals differ from the sums of all their entries:
 * authorized vs AUTHORIZATION, captured vs CAPTURE, refunded vs REFUND.
 */
export async function ledgerMismatches(db: Executor, from: Date, to: Date, limit: number): Promise<LedgerMismatch[]> {
  const e = ledgerEntries;
  const i = paymentIntents;
  const sumOf = (kind: LedgerKind) => sql`coalesce(sum(${e.amount}) filter (where ${e.kind} = ${kind}), 0)`;
  const touched = db
    .selectDistinct({ id: e.paymentIntentId })
    .from(e)
    .where(and(gte(e.createdAt, from), lt(e.createdAt, to)));
  const rows = await db
    .select({
      paymentIntentId: e.paymentIntentId,
      authorizedAmount: i.authorizedAmount,
      capturedAmount: i.capturedAmount,
      refundedAmount: i.refundedAmount,
      authorized: sql<string>`${sumOf('AUTHORIZATION')}::text`,
      captured: sql<string>`${sumOf('CAPTURE')}::text`,
      refunded: sql<string>`${sumOf('REFUND')}::text`,
    })
    .from(e)
    .innerJoin(i, eq(i.id, e.paymentIntentId))
    .where(inArray(e.paymentIntentId, touched))
    .groupBy(e.paymentIntentId, i.id)
    .having(
      sql`${i.authorizedAmount} <> ${sumOf('AUTHORIZATION')} or ${i.capturedAmount} <> ${sumOf('CAPTURE')} or ${i.refundedAmount} <> ${sumOf('REFUND')}`,
    )
    .orderBy(asc(e.paymentIntentId))
    .limit(limit);
  const out: LedgerMismatch[] = [];
  for (const row of rows) {
    const pairs = [
      ['AUTHORIZED', row.authorizedAmount, BigInt(row.authorized)],
      ['CAPTURED', row.capturedAmount, BigInt(row.captured)],
      ['REFUNDED', row.refundedAmount, BigInt(row.refunded)],
    ] as const;
    for (const [total, recorded, ledger] of pairs)
      if (recorded !== ledger) out.push({ paymentIntentId: row.paymentIntentId, total, recorded, ledger });
  }
  return out;
}

export interface LedgerMismatch {
  paymentIntentId: string;
  total: 'AUTHORIZED' | 'CAPTURED' | 'REFUNDED';
  recorded: bigint;
  ledger: bigint;
}
