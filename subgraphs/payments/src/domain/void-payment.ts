import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type Actor, type CommandRequest, type CommandResponse } from '@shop/events';
import { insertVoidMarker, lockIntentOfOrder, lockOrder, updateIntent } from '../db/intents.store';
import { insertLedgerEntry } from '../db/ledger.store';
import { ProviderFailure, withTimeout } from '../providers/types';
import type { PaymentsDeps } from './deps';
import { apiStatus, emitPaymentEvent } from './intent-state';

type VoidResponse = CommandResponse<'payments.void'>;

/**
 * Voids an order's uncaptured payment in the caller's transaction. The order is marked void first, so an
 * authorization that arrives later (or is in flight now) is refused or released. Idempotent: voiding a voided,
 * failed or never-authorized payment succeeds again; a captured one is refused (refund it instead).
 */
export async function voidOrderPayment(
  deps: PaymentsDeps,
  tx: Tx,
  orderId: string,
  actor: Actor | null = SYSTEM_ACTOR,
): Promise<VoidResponse> {
  await lockOrder(tx, orderId);
  await insertVoidMarker(tx, orderId);
  const intent = await lockIntentOfOrder(tx, orderId);
  if (!intent) return { voided: true, status: null, error: null };
  switch (intent.status) {
    case 'VOIDED':
    case 'FAILED':
      return { voided: true, status: intent.status, error: null };
    case 'CAPTURED':
    case 'PARTIALLY_CAPTURED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return {
        voided: false,
        status: intent.status,
        error: { code: 'ALREADY_CAPTURED', message: 'The payment was captured: refund it instead.' },
      };
    case 'PENDING':
    case 'REQUIRES_ACTION':
    case 'AUTHORIZED': {
      const released = intent.authorizedAmount - intent.capturedAmount;
      if (intent.status !== 'PENDING' && intent.providerReference) {
        const result = await withTimeout(
          deps.providers.named(intent.provider).void({
            reference: intent.providerReference,
            idempotencyKey: `void:${intent.id}`,
          }),
          deps.config.providerTimeoutMs,
        );
        if (!result.ok) throw new ProviderFailure(`the provider refused the void: ${result.message}`);
      }
      const updated = await updateIntent(tx, intent.id, { status: 'VOIDED' });
      if (released > 0n)
        await insertLedgerEntry(tx, {
          paymentIntentId: intent.id,
          kind: 'VOID',
          amount: released,
          currency: intent.currency,
          reference: intent.providerReference,
        });
      await emitPaymentEvent(deps, tx, 'payment.voided', updated, released, actor);
      return { voided: true, status: apiStatus(updated.status), error: null };
    }
  }
}

/** `payments.void`: the saga's compensation and a cancellation's first step. */
export const voidPayment = (deps: PaymentsDeps, request: CommandRequest<'payments.void'>): Promise<VoidResponse> =>
  deps.db.transaction((tx) => voidOrderPayment(deps, tx, request.orderId));
