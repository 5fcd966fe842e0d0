import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { intentsByIds } from '../db/intents.store';
import type { PaymentIntentRow } from '../db/schema';
import { askProvider, captureIfImmediate, recordAuthorization } from './authorize-payment';
import type { PaymentsDeps } from './deps';
import { paymentNotFound, refuse, useCase, type PaymentsResult } from './errors';
import { idField } from './validation';
import { isOwner, type Viewer } from './viewer';

const actionCompleteInput = z.object({ paymentId: idField });
export type PaymentActionCompleteInput = z.input<typeof actionCompleteInput>;

/**
 * paymentActionComplete: the customer finished 3-D Secure. The provider confirms it and the payment is authorized
 * (payment.authorized, which orders consumes to confirm the pending order), or it fails (payment.failed). Only the
 * customer who owns the payment; for anyone else it does not exist. A payment voided meanwhile stays voided.
 */
export const completeAction = useCase(
  actionCompleteInput,
  async (deps: PaymentsDeps, viewer: Viewer, { paymentId }): Promise<PaymentsResult<PaymentIntentRow>> => {
    const [intent] = isUuid(paymentId) ? await intentsByIds(deps.db, [paymentId]) : [];
    if (!intent || !isOwner(viewer, intent)) return paymentNotFound();
    if (intent.status !== 'REQUIRES_ACTION' || !intent.providerReference)
      return refuse('INVALID_STATE', 'The payment is not waiting for an action.', ['paymentId']);
    const reference = intent.providerReference;
    const answer = await askProvider(deps, () =>
      deps.providers.named(intent.provider).completeAction({ reference, idempotencyKey: `action:${intent.id}` }),
    );
    const updated = await captureIfImmediate(deps, await recordAuthorization(deps, intent.id, answer));
    if (updated.status === 'REQUIRES_ACTION')
      return refuse('PROVIDER_ERROR', 'The provider still waits for the action.');
    return ok(updated);
  },
);
