import { z } from 'zod';
import { isUuid, newId, ok } from '@shop/core';
import { intentsByIds, lockIntent, updateIntent } from '../db/intents.store';
import type { PaymentIntentRow, RefundRow } from '../db/schema';
import { refundsOfIntent } from '../db/refunds.store';
import { ProviderFailure, ProviderTimeout } from '../providers/types';
import { captureIntent } from './capture-payment';
import type { PaymentsDeps } from './deps';
import { paymentNotFound, refuse, useCase, type PaymentsErrorCode, type PaymentsResult } from './errors';
import { isCheckViolation } from './intent-state';
import { refundIntent } from './refund-payment';
import { amountField, idField, reasonField } from './validation';
import type { Viewer } from './viewer';
import { voidOrderPayment } from './void-payment';

/** The staff mutations on one payment (`payments:manage`; the shield rule checks it, these check the target). */

const captureInput = z.object({ paymentId: idField, amount: amountField });
const voidInput = z.object({ paymentId: idField });
const refundInput = z.object({ paymentId: idField, amount: amountField, reason: reasonField });
const reviewInput = z.object({ paymentId: idField, reason: reasonField.optional() });

export type PaymentCaptureInput = z.input<typeof captureInput>;
export type PaymentVoidInput = z.input<typeof voidInput>;
export type RefundCreateInput = z.input<typeof refundInput>;
export type PaymentReviewInput = z.input<typeof reviewInput>;

async function findIntent(deps: PaymentsDeps, id: string): Promise<PaymentIntentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return (await intentsByIds(deps.db, [id]))[0];
}

const providerFailed = (): PaymentsResult<never> =>
  refuse('PROVIDER_ERROR', 'The payment provider refused or did not answer; try again later.', null);

/** Runs a step that calls the provider: a refusal or timeout becomes PROVIDER_ERROR, nothing changed. */
async function guarded<T>(deps: PaymentsDeps, step: () => Promise<PaymentsResult<T>>): Promise<PaymentsResult<T>> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ProviderTimeout || error instanceof ProviderFailure) return providerFailed();
    if (isCheckViolation(error, 'payment_intents_refunded_check'))
      return refuse('EXCEEDS_CAPTURED', 'The amount exceeds what was captured and not yet refunded.', ['amount']);
    deps.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'payment action failed');
    throw error;
  }
}

const reread = async (deps: PaymentsDeps, id: string): Promise<PaymentIntentRow> => (await findIntent(deps, id))!;

/**
 * A staff action on the payment its input names: bad input is answered by the schema's userErrors, an unknown
 * payment by NOT_FOUND, and `run` (which may call the provider) gets the payment as it stands, `guarded`.
 */
const onPayment = <S extends z.ZodType<{ paymentId: string }>, T>(
  schema: S,
  run: (deps: PaymentsDeps, viewer: Viewer, input: z.output<S>, intent: PaymentIntentRow) => Promise<PaymentsResult<T>>,
) =>
  useCase(schema, async (deps: PaymentsDeps, viewer: Viewer, input): Promise<PaymentsResult<T>> => {
    const intent = await findIntent(deps, input.paymentId);
    return intent ? guarded(deps, () => run(deps, viewer, input, intent)) : paymentNotFound();
  });

/** paymentCapture: all that is left, or `amount`. */
export const capturePaymentAsStaff = onPayment(captureInput, async (deps, viewer, { amount }, intent) => {
  const reply = await deps.db.transaction((tx) =>
    captureIntent(deps, tx, intent.orderId, amount, newId(), viewer.actor),
  );
  if (reply.error) {
    const code: Record<typeof reply.error.code, PaymentsErrorCode> = {
      NOT_FOUND: 'NOT_FOUND',
      NOT_CAPTURABLE: 'INVALID_STATE',
      EXCEEDS_AUTHORIZED: 'EXCEEDS_AUTHORIZED',
      UNDER_REVIEW: 'UNDER_REVIEW',
      INVALID: 'INVALID',
    };
    const onAmount = reply.error.code === 'INVALID' || reply.error.code === 'EXCEEDS_AUTHORIZED';
    return refuse(code[reply.error.code], reply.error.message, onAmount ? ['amount'] : null);
  }
  return ok(await reread(deps, intent.id));
});

/** paymentVoid: releases an uncaptured authorization (idempotent on a voided or failed payment). */
export const voidPaymentAsStaff = onPayment(voidInput, async (deps, viewer, _input, intent) => {
  const reply = await deps.db.transaction((tx) => voidOrderPayment(deps, tx, intent.orderId, viewer.actor));
  if (reply.error) return refuse('ALREADY_CAPTURED', reply.error.message, null);
  return ok(await reread(deps, intent.id));
});

/** refundCreate: refunds `amount` (or all that is left) of a captured payment. */
export const refundPaymentAsStaff = onPayment(
  refundInput,
  async (
    deps,
    viewer,
    { amount, reason },
    intent,
  ): Promise<PaymentsResult<{ refund: RefundRow; payment: PaymentIntentRow }>> => {
    const reply = await deps.db.transaction((tx) =>
      refundIntent(deps, tx, { orderId: intent.orderId, amount, reason, key: newId(), actor: viewer.actor }),
    );
    if (reply.error) {
      const onAmount = reply.error.code === 'INVALID' || reply.error.code === 'EXCEEDS_CAPTURED';
      return refuse(reply.error.code, reply.error.message, onAmount ? ['amount'] : null);
    }
    const refund = (await refundsOfIntent(deps.db, intent.id)).find((r) => r.id === reply.refundId)!;
    return ok({ refund, payment: await reread(deps, intent.id) });
  },
);

const notInReview = (): PaymentsResult<never> =>
  refuse('INVALID_STATE', 'The payment is not waiting for review.', ['paymentId']);

/** paymentReviewApprove: a held payment may now be captured (no provider call: the intent is read under its lock). */
export const approveReview = useCase(
  reviewInput,
  async (deps: PaymentsDeps, viewer: Viewer, { paymentId }): Promise<PaymentsResult<PaymentIntentRow>> => {
    if (!isUuid(paymentId)) return paymentNotFound();
    return deps.db.transaction(async (tx) => {
      const intent = await lockIntent(tx, paymentId);
      if (!intent) return paymentNotFound();
      if (intent.reviewStatus !== 'PENDING') return notInReview();
      return ok(
        await updateIntent(tx, intent.id, {
          reviewStatus: 'APPROVED',
          reviewedBy: viewer.userId,
          reviewedAt: new Date(),
        }),
      );
    });
  },
);

/** paymentReviewReject: a held payment is voided (its authorization released) and marked rejected. */
export const rejectReview = onPayment(reviewInput, (deps, viewer, _input, intent) =>
  deps.db.transaction(async (tx): Promise<PaymentsResult<PaymentIntentRow>> => {
    const current = (await lockIntent(tx, intent.id))!;
    if (current.reviewStatus !== 'PENDING') return notInReview();
    const reply = await voidOrderPayment(deps, tx, current.orderId, viewer.actor);
    if (reply.error) return refuse('ALREADY_CAPTURED', reply.error.message, null);
    return ok(
      await updateIntent(tx, current.id, {
        reviewStatus: 'REJECTED',
        reviewedBy: viewer.userId,
        reviewedAt: new Date(),
      }),
    );
  }),
);
