import { createHash } from 'node:crypto';
import { formatDecimal } from '@shop/core';
import type { AnyEmitInput } from '@shop/bus';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type Actor, type CommandResponse } from '@shop/events';
import type { IntentStatus, PaymentIntentRow } from '../db/schema';
import type { PaymentsDeps } from './deps';

/** The API's payment status of an intent (PENDING is internal: it shows as no status yet). */
export type PaymentStatus = Exclude<IntentStatus, 'PENDING'>;

export const apiStatus = (status: IntentStatus): PaymentStatus | null => (status === 'PENDING' ? null : status);

/** A one-way fingerprint of a payment token: what velocity counts, never reversible to the token. */
export const fingerprintOf = (token: string): string =>
  createHash('sha256').update(`payments-card:${token}`).digest('hex').slice(0, 32);

export const money = (minor: bigint, currency: string): string => formatDecimal(minor, currency);

type PaymentEventType =
  'payment.authorized' | 'payment.captured' | 'payment.voided' | 'payment.failed' | 'payment.refunded';

/** A payment event of `intent`: `amount` is this change's amount; the totals are the intent's after it. */
export function paymentEvent(
  type: PaymentEventType,
  intent: PaymentIntentRow,
  amount: bigint,
  actor: Actor | null = SYSTEM_ACTOR,
  /** For an authorization's outcome: whether the intent waited for the customer (3-D Secure) first. */
  afterAction?: boolean,
): AnyEmitInput {
  return {
    type,
    subject: intent.id,
    data: {
      paymentIntentId: intent.id,
      orderId: intent.orderId,
      status: apiStatus(intent.status) ?? 'FAILED',
      amount: money(amount, intent.currency),
      currency: intent.currency,
      capturedAmount: money(intent.capturedAmount, intent.currency),
      refundedAmount: money(intent.refundedAmount, intent.currency),
      ...(afterAction === undefined ? {} : { afterAction }),
    },
    actor,
  };
}

/** Emits a payment event in `tx` (see paymentEvent). */
export async function emitPaymentEvent(
  deps: PaymentsDeps,
  tx: Tx,
  type: PaymentEventType,
  intent: PaymentIntentRow,
  amount: bigint,
  actor: Actor | null = SYSTEM_ACTOR,
  afterAction?: boolean,
): Promise<void> {
  await deps.emit(tx, paymentEvent(type, intent, amount, actor, afterAction));
}

type AuthorizeResponse = CommandResponse<'payments.authorize'>;
type AuthorizeErrorCode = NonNullable<AuthorizeResponse['error']>['code'];

const FAILURE_CODES: readonly AuthorizeErrorCode[] = [
  'DECLINED',
  'INSUFFICIENT_FUNDS',
  'RISK_REJECTED',
  'PROVIDER_UNAVAILABLE',
  'VOIDED',
  'INVALID',
];

const asFailureCode = (code: string | null): AuthorizeErrorCode =>
  FAILURE_CODES.includes(code as AuthorizeErrorCode) ? (code as AuthorizeErrorCode) : 'DECLINED';

/** What `payments.authorize` answers for an intent in its current state (a retry answers the same). */
export function authorizeReplyOf(intent: PaymentIntentRow): AuthorizeResponse {
  const base = {
    paymentIntentId: intent.id,
    status: apiStatus(intent.status),
    action: null,
    review: intent.reviewStatus === 'PENDING',
    error: null,
  };
  switch (intent.status) {
    case 'PENDING':
      return {
        ...base,
        error: { code: 'PROVIDER_UNAVAILABLE', message: 'The payment provider has not answered yet.' },
      };
    case 'REQUIRES_ACTION':
      return { ...base, action: { type: 'THREE_DS', url: intent.actionUrl ?? '' } };
    case 'FAILED':
      return {
        ...base,
        review: false,
        error: { code: asFailureCode(intent.failureCode), message: intent.failureMessage ?? 'The payment failed.' },
      };
    case 'VOIDED':
      return {
        ...base,
        review: false,
        error: { code: 'VOIDED', message: "The order's payment was voided; it cannot be authorized again." },
      };
    default:
      return base;
  }
}

/** Whether a database error is the violation of the CHECK constraint `name`. */
export function isCheckViolation(error: unknown, name: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (candidate.code === '23514' && (candidate.constraint_name === name || candidate.constraint === name))
      return true;
    current = candidate.cause;
  }
  return false;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
