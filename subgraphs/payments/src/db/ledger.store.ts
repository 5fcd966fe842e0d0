import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { newId } from '@shop/core';
import type { Executor } from '@shop/db';
import { ledgerEntries, type LedgerEntryRow, type LedgerKind } from './schema';

/** Every SQL statement on payments.ledger_entries. */

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

export async function ledgerOfIntent(db: Executor, paymentIntentId: string): Promise<LedgerEntryRow[]> {
  return db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.paymentIntentId, paymentIntentId))
    .orderBy(asc(ledgerEntries.createdAt), asc(ledgerEntries.id));
}

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
