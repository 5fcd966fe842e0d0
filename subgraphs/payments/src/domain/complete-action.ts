import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { intentsByIds } from '../db/intents.store';
import type { PaymentIntentRow } from '../db/schema';
import { askProvider, captureIfImmediate, recordAuthorization } from './authorize-payment';
import type { PaymentsDeps } from './deps';
import { paymentNotFound, refuse, userError, type PaymentsResult } from './errors';
import { idField, parseInput } from './validation';
import { isOwner, type Viewer } from './viewer';

const actionCompleteInput = z.object({ paymentId: idField });
export type PaymentActionCompleteInput = z.input<typeof actionCompleteInput>;

/**
 * paymentActionComplete: the customer finished 3-D Secure. The provider confirms it and the payment is authorized
 * (payment.authorized, which orders consumes to confirm the pending order), or it fails (payment.failed). Only the
 * customer who owns the payment; for anyone else it does not exist. A payment voided meanwhile stays voided.
 */
export async function completeAction(
  deps: PaymentsDeps,
  viewer: Viewer,
  input: PaymentActionCompleteInput,
): Promise<PaymentsResult<PaymentIntentRow>> {
  const parsed = parseInput(actionCompleteInput, input);
  if (!parsed.ok) return parsed;
  const id = parsed.value.paymentId;
  const [intent] = isUuid(id) ? await intentsByIds(deps.db, [id]) : [];
  if (!intent || !isOwner(viewer, intent)) return refuse(paymentNotFound());
  if (intent.status !== 'REQUIRES_ACTION' || !intent.providerReference)
    return refuse(userError('INVALID_STATE', 'The payment is not waiting for an action.', ['paymentId']));
  const reference = intent.providerReference;
  const answer = await askProvider(deps, () =>
    deps.providers.named(intent.provider).completeAction({ reference, idempotencyKey: `action:${intent.id}` }),
  );
  const updated = await captureIfImmediate(deps, await recordAuthorization(deps, intent.id, answer));
  if (updated.status === 'REQUIRES_ACTION')
    return refuse(userError('PROVIDER_ERROR', 'The provider still waits for the action.', null));
  return ok(updated);
}
