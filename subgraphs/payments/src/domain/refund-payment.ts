import { newId, parseDecimal } from '@shop/core';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type Actor, type CommandRequest, type CommandResponse } from '@shop/events';
import { lockIntentOfOrder, updateIntent } from '../db/intents.store';
import { insertLedgerEntry } from '../db/ledger.store';
import { insertRefund } from '../db/refunds.store';
import type { PaymentIntentRow } from '../db/schema';
import { ProviderFailure, withTimeout } from '../providers/types';
import type { PaymentsDeps } from './deps';
import { apiStatus, emitPaymentEvent, isCheckViolation, money } from './intent-state';
import { keyedCommand } from './keyed-command';

type RefundResponse = CommandResponse<'payments.refund'>;
type RefundErrorCode = NonNullable<RefundResponse['error']>['code'];

const refusal = (intent: PaymentIntentRow | undefined, code: RefundErrorCode, message: string): RefundResponse => ({
  refundId: null,
  status: intent ? apiStatus(intent.status) : null,
  refundedAmount: intent ? money(intent.refundedAmount, intent.currency) : '0',
  error: { code, message },
});

/**
 * Refunds captured money of an order in the caller's transaction, with the intent row locked: concurrent refunds
 * queue on the lock and each sees what the previous one left; the CHECK constraint `refunded_amount <=
 * captured_amount` backs it. `requested` null refunds all that is left.
 */
export async function refundIntent(
  deps: PaymentsDeps,
  tx: Tx,
  input: { orderId: string; amount: string | null; reason: string | null; key: string; actor?: Actor | null },
): Promise<RefundResponse> {
  const intent = await lockIntentOfOrder(tx, input.orderId);
  if (!intent) return refusal(undefined, 'NOT_FOUND', 'No payment for this order.');
  if (intent.capturedAmount === 0n) return refusal(intent, 'NOTHING_CAPTURED', 'Nothing of this payment was captured.');
  const remaining = intent.capturedAmount - intent.refundedAmount;
  let amount = remaining;
  if (input.amount !== null) {
    try {
      amount = parseDecimal(input.amount, intent.currency);
    } catch {
      return refusal(intent, 'INVALID', `The amount is not valid in ${intent.currency}.`);
    }
    if (amount <= 0n) return refusal(intent, 'INVALID', 'The amount must be positive.');
  }
  if (amount > remaining || amount === 0n)
    return refusal(intent, 'EXCEEDS_CAPTURED', 'The amount exceeds what was captured and not yet refunded.');
  const refundId = newId();
  const result = await withTimeout(
    deps.providers.named(intent.provider).refund({
      reference: intent.providerReference ?? intent.id,
      amount,
      currency: intent.currency,
      idempotencyKey: `refund:${refundId}`,
    }),
    deps.config.providerTimeoutMs,
  );
  if (!result.ok) throw new ProviderFailure(`the provider refused the refund: ${result.message}`);
  const refunded = intent.refundedAmount + amount;
  const updated = await updateIntent(tx, intent.id, {
    refundedAmount: refunded,
    status: refunded === intent.capturedAmount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
  });
  await insertRefund(tx, {
    id: refundId,
    paymentIntentId: intent.id,
    amount,
    currency: intent.currency,
    reason: input.reason,
    providerReference: result.reference,
    actorId: input.actor?.id ?? null,
  });
  await insertLedgerEntry(tx, {
    paymentIntentId: intent.id,
    kind: 'REFUND',
    amount,
    currency: intent.currency,
    reference: refundId,
  });
  await emitPaymentEvent(deps, tx, 'payment.refunded', updated, amount, input.actor ?? SYSTEM_ACTOR);
  return { refundId, status: apiStatus(updated.status), refundedAmount: money(refunded, intent.currency), error: null };
}

/** `payments.refund`: idempotent on the caller's key. */
export async function refundPayment(
  deps: PaymentsDeps,
  request: CommandRequest<'payments.refund'>,
): Promise<RefundResponse> {
  try {
    return await keyedCommand(deps, 'payments.refund', request.idempotencyKey, (tx) =>
      refundIntent(deps, tx, {
        orderId: request.orderId,
        amount: request.amount,
        reason: request.reason,
        key: request.idempotencyKey,
      }),
    );
  } catch (error) {
    if (isCheckViolation(error, 'payment_intents_refunded_check'))
      return refusal(undefined, 'EXCEEDS_CAPTURED', 'The amount exceeds what was captured and not yet refunded.');
    throw error;
  }
}
