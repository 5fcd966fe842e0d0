import { and, count, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import {
  idPage,
  insertRow,
  lockRowWhere,
  rowsByIds,
  rowsByKeys,
  rowWhere,
  updateRowById,
  type KeysetPage,
} from '@shop/db';
import type { Executor } from '@shop/db';
import { paymentIntents, voidMarkers, type PaymentIntentRow } from './schema';

/** Every SQL statement on payments.payment_intents and payments.void_markers. */

export type NewIntent = typeof paymentIntents.$inferInsert;

/** Serialises work on one order's payment for the rest of the transaction (authorize against void). */
export async function lockOrder(tx: Executor, orderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments:order:${orderId}`}))`);
}

export function intentOfOrder(db: Executor, orderId: string): Promise<PaymentIntentRow | undefined> {
  return rowWhere(db, paymentIntents, eq(paymentIntents.orderId, orderId));
}

export function lockIntentOfOrder(tx: Executor, orderId: string): Promise<PaymentIntentRow | undefined> {
  return lockRowWhere(tx, paymentIntents, eq(paymentIntents.orderId, orderId));
}

export function lockIntent(tx: Executor, id: string): Promise<PaymentIntentRow | undefined> {
  return lockRowWhere(tx, paymentIntents, eq(paymentIntents.id, id));
}

export const intentsByIds = rowsByIds(paymentIntents);

export const intentsByOrderIds = rowsByKeys(paymentIntents, paymentIntents.orderId);

export async function insertIntent(tx: Executor, values: NewIntent): Promise<PaymentIntentRow> {
  return insertRow(tx, paymentIntents, values);
}

export async function updateIntent(
  tx: Executor,
  id: string,
  values: Partial<Omit<NewIntent, 'id' | 'orderId' | 'createdAt'>>,
): Promise<PaymentIntentRow> {
  return (await updateRowById(tx, paymentIntents, id, values))!;
}

/** An intent's change built and not sent (for `writeInOneStatement`). */
export function intentChange(
  tx: Executor,
  id: string,
  values: Partial<Omit<NewIntent, 'id' | 'orderId' | 'createdAt'>>,
) {
  return tx
    .update(paymentIntents)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(paymentIntents.id, id));
}

export async function insertVoidMarker(tx: Executor, orderId: string): Promise<void> {
  await tx.insert(voidMarkers).values({ orderId }).onConflictDoNothing();
}

/** What the risk rules read in one statement: recent attempts by card, email and IP, and the customer's history. */
export interface RiskFacts {
  cardAttempts: number;
  emailAttempts: number;
  ipAttempts: number;
  /** The customer's earlier successful payments in this currency, and their average amount (minor units). */
  historyCount: number;
  historyAverage: bigint;
}

const SUCCESSFUL: PaymentIntentRow['status'][] = [
  'AUTHORIZED',
  'CAPTURED',
  'PARTIALLY_CAPTURED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
];

/** Who and what the risk rules look at: the card, email and IP of this attempt, the customer, the currency. */
export interface RiskSubject {
  cardFingerprint: string;
  email: string | null;
  ip: string | null;
  userId: string | null;
  currency: string;
  since: Date;
}

/** The risk facts' aggregate over the intents that share the card, email, IP or customer: one row, as a subquery. */
function riskFactsQuery(db: Executor, input: RiskSubject) {
  const t = paymentIntents;
  const customer = input.userId
    ? sql`${t.userId} = ${input.userId}`
    : input.email
      ? sql`${t.email} = ${input.email}`
      : sql`false`;
  const emailIs = input.email !== null ? sql`${t.email} = ${input.email}` : sql`false`;
  const ipIs = input.ip !== null ? sql`${t.ip} = ${input.ip}` : sql`false`;
  const successful = sql`${customer} and ${t.currency} = ${input.currency} and ${inArray(t.status, SUCCESSFUL)}`;
  const recent = sql`${t.createdAt} >= ${input.since.toISOString()}::timestamptz`;
  return db
    .select({
      cardAttempts:
        sql<number>`count(*) filter (where ${t.cardFingerprint} = ${input.cardFingerprint} and ${recent})::int`.as(
          'card_attempts',
        ),
      emailAttempts: sql<number>`count(*) filter (where ${emailIs} and ${recent})::int`.as('email_attempts'),
      ipAttempts: sql<number>`count(*) filter (where ${ipIs} and ${recent})::int`.as('ip_attempts'),
      historyCount: sql<number>`count(*) filter (where ${successful})::int`.as('history_count'),
      historyAverage: sql<string>`coalesce(round(avg(${t.amount}) filter (where ${successful})), 0)::bigint::text`.as(
        'history_average',
      ),
    })
    .from(t)
    .where(sql`(${t.cardFingerprint} = ${input.cardFingerprint} or ${emailIs} or ${ipIs} or ${customer})`)
    .as('risk');
}

/**
 * What an authorization reads before it decides, in one statement: the order's intent if any, whether its payment
 * was voided before one existed, and the risk facts of this attempt (read whether or not they are needed: cheaper
 * than a second round trip).
 */
export async function authorizationFacts(
  db: Executor,
  orderId: string,
  subject: RiskSubject,
): Promise<{ intent: PaymentIntentRow | undefined; voided: boolean; risk: RiskFacts }> {
  const risk = riskFactsQuery(db, subject);
  const [row] = await db
    .select({
      intent: paymentIntents,
      voided: sql<boolean>`exists (select 1 from ${voidMarkers} where ${voidMarkers.orderId} = ${orderId})`,
      risk: {
        cardAttempts: risk.cardAttempts,
        emailAttempts: risk.emailAttempts,
        ipAttempts: risk.ipAttempts,
        historyCount: risk.historyCount,
        historyAverage: risk.historyAverage,
      },
    })
    .from(risk)
    .leftJoin(paymentIntents, eq(paymentIntents.orderId, orderId));
  return {
    intent: row?.intent ?? undefined,
    voided: row?.voided === true,
    risk: {
      cardAttempts: row?.risk.cardAttempts ?? 0,
      emailAttempts: row?.risk.emailAttempts ?? 0,
      ipAttempts: row?.risk.ipAttempts ?? 0,
      historyCount: row?.risk.historyCount ?? 0,
      historyAverage: BigInt(row?.risk.historyAverage ?? '0'),
    },
  };
}

/** Which intents a list holds. */
export interface IntentFilter {
  status?: PaymentIntentRow['status'] | null;
  orderId?: string | null;
  /** Only those held for review and not decided yet. */
  reviewPending?: boolean;
}

const whereOf = (filter: IntentFilter): SQL | undefined =>
  and(
    filter.status ? eq(paymentIntents.status, filter.status) : undefined,
    filter.orderId ? eq(paymentIntents.orderId, filter.orderId) : undefined,
    filter.reviewPending ? eq(paymentIntents.reviewStatus, 'PENDING') : undefined,
  );

/** One page of intents in id (creation) order, `order` ascending or descending, either direction. */
export async function intentPage(
  db: Executor,
  filter: IntentFilter,
  order: 'asc' | 'desc',
  page: KeysetPage<string>,
): Promise<PaymentIntentRow[]> {
  return idPage(db, paymentIntents, whereOf(filter), order, page);
}

export async function countIntents(db: Executor, filter: IntentFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(paymentIntents).where(whereOf(filter));
  return row?.total ?? 0;
}

/** Intents still waiting for the provider's answer since before `before` (their call was lost), oldest first. */
export async function stalePendingIntentIds(db: Executor, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: paymentIntents.id })
    .from(paymentIntents)
    .where(and(eq(paymentIntents.status, 'PENDING'), lt(paymentIntents.createdAt, before)))
    .orderBy(paymentIntents.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
