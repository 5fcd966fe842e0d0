import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { amountIn, createdAt, currency, externalId, idKey, money, ownedBy, timestamps, timestamptz } from '@shop/db';

/**
 * The payments subgraph's tables, all inside the `payments` Postgres schema it owns (DESIGN.md §1). Amounts are
 * bigint minor units with their currency beside them. drizzle-kit reads this file to generate
 * `subgraphs/payments/drizzle/` (`pnpm migrations`).
 */
// Deliberately not exported: drizzle-kit would then emit `CREATE SCHEMA "payments"`, which fails because the
// migrator has already created this schema for its own journal table.
const paymentsSchema = pgSchema('payments');

/**
 * Intent states: the API's `paymentStatus` plus PENDING, the internal state while the provider has not answered
 * yet (never shown: commands wait for the answer, and a lost answer ends as FAILED/PROVIDER_UNAVAILABLE).
 */
export const INTENT_STATUSES = [
  'PENDING',
  'REQUIRES_ACTION',
  'AUTHORIZED',
  'CAPTURED',
  'PARTIALLY_CAPTURED',
  'VOIDED',
  'FAILED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export const RISK_DECISIONS = ['APPROVE', 'REVIEW', 'REJECT'] as const;
export type RiskDecision = (typeof RISK_DECISIONS)[number];

/** NONE: no review needed; PENDING: held for staff; APPROVED / REJECTED: staff decided. */
export const REVIEW_STATUSES = ['NONE', 'PENDING', 'APPROVED', 'REJECTED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const LEDGER_KINDS = ['AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND', 'DISPUTE', 'DISPUTE_REVERSAL'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** One payment intent per order: what was authorized, captured and refunded, and how risky it looked. */
export const paymentIntents = paymentsSchema.table(
  'payment_intents',
  {
    /** UUIDv7. */
    id: idKey(),
    orderId: externalId('order_id'),
    orderNumber: text('order_number').notNull(),
    userId: uuid('user_id'),
    email: text('email'),
    ip: text('ip'),
    currency: currency(),
    /** What the order asked to authorize. */
    amount: money('amount').notNull(),
    authorizedAmount: money('authorized_amount')
      .notNull()
      .default(sql`0`),
    capturedAmount: money('captured_amount')
      .notNull()
      .default(sql`0`),
    refundedAmount: money('refunded_amount')
      .notNull()
      .default(sql`0`),
    status: text('status', { enum: INTENT_STATUSES }).notNull(),
    provider: text('provider').notNull(),
    providerReference: text('provider_reference'),
    /** A one-way hash of the payment token (never the token itself): what velocity rules count. */
    cardFingerprint: text('card_fingerprint').notNull(),
    actionUrl: text('action_url'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    billingCountry: text('billing_country'),
    shippingCountry: text('shipping_country'),
    riskScore: integer('risk_score').notNull(),
    riskDecision: text('risk_decision', { enum: RISK_DECISIONS }).notNull(),
    riskReasons: jsonb('risk_reasons').$type<string[]>().notNull(),
    reviewStatus: text('review_status', { enum: REVIEW_STATUSES }).notNull().default('NONE'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamptz('reviewed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('payment_intents_order_key').on(t.orderId),
    index('payment_intents_fingerprint_idx').on(t.cardFingerprint, t.createdAt),
    index('payment_intents_email_idx').on(t.email, t.createdAt),
    index('payment_intents_ip_idx').on(t.ip, t.createdAt),
    index('payment_intents_user_idx').on(t.userId, t.createdAt),
    index('payment_intents_review_idx').on(t.reviewStatus),
    index('payment_intents_reference_idx').on(t.provider, t.providerReference),
    check('payment_intents_status_check', inList('status', INTENT_STATUSES)),
    check('payment_intents_amount_check', sql`amount > 0`),
    check('payment_intents_authorized_check', sql`authorized_amount >= 0 and authorized_amount <= amount`),
    check('payment_intents_captured_check', sql`captured_amount >= 0 and captured_amount <= authorized_amount`),
    check('payment_intents_refunded_check', sql`refunded_amount >= 0 and refunded_amount <= captured_amount`),
  ],
);
export type PaymentIntentRow = typeof paymentIntents.$inferSelect;

/**
 * An order voided before (or while) its authorization arrived: a later `payments.authorize` for it is refused, so a
 * saga that gave up on a slow provider never ends up charged.
 */
export const voidMarkers = paymentsSchema.table('void_markers', {
  orderId: uuid('order_id').primaryKey(),
  createdAt: createdAt(),
});

/** Money movements per intent, in minor units (always positive; the kind says which way). */
export const ledgerEntries = paymentsSchema.table(
  'ledger_entries',
  {
    id: idKey(),
    paymentIntentId: ownedBy('payment_intent_id', () => paymentIntents.id),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    ...amountIn(),
    /** The refund, dispute or provider object this entry records, if any. */
    reference: text('reference'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_entries_intent_idx').on(t.paymentIntentId),
    index('ledger_entries_created_idx').on(t.createdAt),
    check('ledger_entries_kind_check', inList('kind', LEDGER_KINDS)),
    check('ledger_entries_amount_check', sql`amount >= 0`),
  ],
);
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;

/** Refunds of captured money. */
export const refunds = paymentsSchema.table(
  'refunds',
  {
    id: idKey(),
    paymentIntentId: ownedBy('payment_intent_id', () => paymentIntents.id),
    ...amountIn(),
    reason: text('reason'),
    providerReference: text('provider_reference'),
    actorId: uuid('actor_id'),
    createdAt: createdAt(),
  },
  (t) => [index('refunds_intent_idx').on(t.paymentIntentId), check('refunds_amount_check', sql`amount > 0`)],
);
export type RefundRow = typeof refunds.$inferSelect;

/** The first answer to each keyed command (capture, void, refund): a retry with the same key gets it again. */
export const commandReplies = paymentsSchema.table(
  'command_replies',
  {
    command: text('command').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    reply: jsonb('reply').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.command, t.idempotencyKey] })],
);

export const DISPUTE_STATUSES = ['OPEN', 'UNDER_REVIEW', 'WON', 'LOST'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A chargeback on a payment, opened by the provider's webhook; the disputed money leaves when it opens. */
export const disputes = paymentsSchema.table(
  'disputes',
  {
    id: idKey(),
    paymentIntentId: ownedBy('payment_intent_id', () => paymentIntents.id),
    provider: text('provider').notNull(),
    /** The provider's dispute id: one dispute row per provider dispute. */
    providerDisputeId: text('provider_dispute_id').notNull(),
    status: text('status', { enum: DISPUTE_STATUSES }).notNull(),
    ...amountIn(),
    reason: text('reason'),
    evidence: text('evidence'),
    evidenceSubmittedAt: timestamptz('evidence_submitted_at'),
    closedAt: timestamptz('closed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('disputes_provider_key').on(t.provider, t.providerDisputeId),
    index('disputes_intent_idx').on(t.paymentIntentId),
    check('disputes_status_check', inList('status', DISPUTE_STATUSES)),
    check('disputes_amount_check', sql`amount > 0`),
  ],
);
export type DisputeRow = typeof disputes.$inferSelect;

/** Providers' webhook events already applied, by the provider's event id: a replay is acknowledged and ignored. */
export const webhookEvents = paymentsSchema.table(
  'webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** The lines of placed orders (from `order.placed`) and how much of each was delivered: what returns may take back. */
export const orderLines = paymentsSchema.table(
  'order_lines',
  {
    lineId: uuid('line_id').primaryKey(),
    orderId: externalId('order_id'),
    userId: externalId('user_id'),
    variantId: externalId('variant_id'),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    deliveredQuantity: integer('delivered_quantity').notNull().default(0),
    /** What one unit cost, in minor units of `currency`. */
    unitPrice: money('unit_price').notNull(),
    currency: currency(),
    /** When the last of it was delivered; null before. */
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    check('order_lines_delivered_check', sql`delivered_quantity >= 0 and delivered_quantity <= quantity`),
  ],
);
export type OrderLineRow = typeof orderLines.$inferSelect;

export const RETURN_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'REFUNDED'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** A customer's request to send delivered lines back: REQUESTED, then APPROVED or REJECTED; REFUNDED once received. */
export const returns = paymentsSchema.table(
  'returns',
  {
    id: idKey(),
    orderId: externalId('order_id'),
    userId: externalId('user_id'),
    status: text('status', { enum: RETURN_STATUSES }).notNull(),
    reason: text('reason'),
    /** What the returned lines cost: the refund when they are received. */
    ...amountIn(),
    decisionNote: text('decision_note'),
    refundId: uuid('refund_id'),
    ...timestamps(),
  },
  (t) => [
    index('returns_order_idx').on(t.orderId),
    check('returns_status_check', inList('status', RETURN_STATUSES)),
    check('returns_amount_check', sql`amount >= 0`),
  ],
);
export type ReturnRow = typeof returns.$inferSelect;

export const returnLines = paymentsSchema.table(
  'return_lines',
  {
    returnId: ownedBy('return_id', () => returns.id),
    lineId: ownedBy('line_id', () => orderLines.lineId),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.lineId] }), check('return_lines_quantity_check', sql`quantity > 0`)],
);
export type ReturnLineRow = typeof returnLines.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(paymentsSchema);
