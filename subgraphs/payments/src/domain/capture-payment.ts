import { parseDecimal } from '@shop/core';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type Actor, type CommandRequest, type CommandResponse } from '@shop/events';
import { lockIntentOfOrder, updateIntent } from '../db/intents.store';
import { insertLedgerEntry } from '../db/ledger.store';
import type { PaymentIntentRow } from '../db/schema';
import { ProviderFailure, withTimeout } from '../providers/types';
import type { PaymentsDeps } from './deps';
import { apiStatus, emitPaymentEvent, money } from './intent-state';
import { keyedCommand } from './keyed-command';

type CaptureResponse = CommandResponse<'payments.capture'>;
type CaptureErrorCode = NonNullable<CaptureResponse['error']>['code'];

const refusal = (intent: PaymentIntentRow | undefined, code: CaptureErrorCode, message: string): CaptureResponse => ({
  status: intent ? apiStatus(intent.status) : null,
  capturedAmount: intent ? money(intent.capturedAmount, intent.currency) : '0',
  error: { code, message },
});

/**
 * Captures `amount` of an order's authorization (all that is left when null), in the caller's transaction with the
 * intent row locked: the shared step of `payments.capture`, `paymentCapture` and capture on shipment.
 */
export async function captureIntent(
  deps: PaymentsDeps,
  tx: Tx,
  orderId: string,
  requested: string | null,
  key: string,
  actor: Actor | null = SYSTEM_ACTOR,
): Promise<CaptureResponse> {
  const intent = await lockIntentOfOrder(tx, orderId);
  if (!intent) return refusal(undefined, 'NOT_FOUND', 'No payment for this order.');
  if (intent.reviewStatus === 'PENDING')
    return refusal(intent, 'UNDER_REVIEW', 'The payment is held for review; it can be captured once approved.');
  if (intent.status !== 'AUTHORIZED' && intent.status !== 'PARTIALLY_CAPTURED')
    return refusal(intent, 'NOT_CAPTURABLE', `A ${intent.status.toLowerCase()} payment cannot be captured.`);
  const remaining = intent.authorizedAmount - intent.capturedAmount;
  let amount = remaining;
  if (requested !== null) {
    try {
      amount = parseDecimal(requested, intent.currency);
    } catch {
      return refusal(intent, 'INVALID', `The amount is not valid in ${intent.currency}.`);
    }
    if (amount <= 0n) return refusal(intent, 'INVALID', 'The amount must be positive.');
    if (amount > remaining)
      return refusal(intent, 'EXCEEDS_AUTHORIZED', 'The amount exceeds what is authorized and not yet captured.');
  }
  const result = await withTimeout(
    deps.providers.named(intent.provider).capture({
      reference: intent.providerReference ?? intent.id,
      amount,
      currency: intent.currency,
      idempotencyKey: `capture:${key}`,
    }),
    deps.config.providerTimeoutMs,
  );
  if (!result.ok) throw new ProviderFailure(`the provider refused the capture: ${result.message}`);
  const captured = intent.capturedAmount + amount;
  const updated = await updateIntent(tx, intent.id, {
    capturedAmount: captured,
    status: captured === intent.authorizedAmount ? 'CAPTURED' : 'PARTIALLY_CAPTURED',
  });
  await insertLedgerEntry(tx, {
    paymentIntentId: intent.id,
    kind: 'CAPTURE',
    amount,
    currency: intent.currency,
    reference: result.reference,
  });
  await emitPaymentEvent(deps, tx, 'payment.captured', updated, amount, actor);
  return { status: apiStatus(updated.status), capturedAmount: money(captured, intent.currency), error: null };
}

/** `payments.capture`: idempotent on the caller's key. */
export const capturePayment = (
  deps: PaymentsDeps,
  request: CommandRequest<'payments.capture'>,
): Promise<CaptureResponse> =>
  keyedCommand(deps, 'payments.capture', request.idempotencyKey, (tx) =>
    captureIntent(deps, tx, request.orderId, request.amount, request.idempotencyKey),
  );
