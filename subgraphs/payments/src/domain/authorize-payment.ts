import { newId, parseDecimal } from '@shop/core';
import { writeInOneStatement, type Tx } from '@shop/db';
import { SYSTEM_ACTOR, type CommandRequest, type CommandResponse } from '@shop/events';
import {
  insertIntent,
  authorizationFacts,
  intentChange,
  intentOfOrder,
  lockIntent,
  lockOrder,
  updateIntent,
} from '../db/intents.store';
import { insertLedgerEntry, ledgerEntryInsert } from '../db/ledger.store';
import { captureIntent } from './capture-payment';
import type { PaymentIntentRow } from '../db/schema';
import { ProviderTimeout, withTimeout, type AuthorizeOutcome } from '../providers/types';
import type { PaymentsDeps } from './deps';
import { authorizeReplyOf, emitPaymentEvent, fingerprintOf, paymentEvent, sleep } from './intent-state';
import { assessRisk } from './risk';

type AuthorizeResponse = CommandResponse<'payments.authorize'>;

/** What the provider said, or that it said nothing in time (or failed outright). */
export type ProviderAnswer = AuthorizeOutcome | { outcome: 'UNAVAILABLE'; message: string };

const refused = (code: 'INVALID' | 'VOIDED', message: string): AuthorizeResponse => ({
  paymentIntentId: null,
  status: code === 'VOIDED' ? 'VOIDED' : null,
  action: null,
  review: false,
  error: { code, message },
});

/** How much longer than the provider's bound a duplicate call waits for the first call's answer. */
const settleMarginMs = 30_000;

/**
 * `payments.authorize`: one intent per order. Under the order's lock the first call checks the void marker, runs the
 * risk rules and records the intent (PENDING, or FAILED when risk rejects it); then, outside any transaction, asks
 * the provider (bounded by `providerTimeoutMs`, with the intent id as the provider's idempotency key) and records
 * the answer. Any other call for the order (a retry, a concurrent duplicate) waits for that answer and replies the
 * same. A void that arrived while the provider was thinking wins: the authorization is voided at the provider.
 */
export async function authorizePayment(
  deps: PaymentsDeps,
  request: CommandRequest<'payments.authorize'>,
): Promise<AuthorizeResponse> {
  let amount: bigint;
  try {
    amount = parseDecimal(request.amount, request.currency);
  } catch {
    return refused('INVALID', `The amount is not valid in ${request.currency}.`);
  }
  if (amount <= 0n) return refused('INVALID', 'The amount must be positive.');
  const cardFingerprint = fingerprintOf(request.paymentToken);
  const email = request.customer.email?.toLowerCase() ?? null;

  const started = await deps.db.transaction(async (tx) => {
    await lockOrder(tx, request.orderId);
    const risk = deps.config.risk;
    const {
      intent: existing,
      voided,
      risk: facts,
    } = await authorizationFacts(tx, request.orderId, {
      cardFingerprint,
      email,
      ip: request.customer.ip,
      userId: request.customer.userId,
      currency: request.currency,
      since: new Date(Date.now() - risk.velocityWindowSeconds * 1000),
    });
    if (existing) return { kind: 'existing' as const, intent: existing };
    if (voided) return { kind: 'voided' as const };

    const assessment = assessRisk(
      risk,
      { amount, email, billingCountry: request.billingCountry, shippingCountry: request.shippingCountry },
      facts,
    );
    const rejected = assessment.decision === 'REJECT';
    const intent = await insertIntent(tx, {
      id: newId(),
      orderId: request.orderId,
      orderNumber: request.orderNumber,
      userId: request.customer.userId,
      email,
      ip: request.customer.ip,
      currency: request.currency,
      amount,
      status: rejected ? 'FAILED' : 'PENDING',
      provider: deps.providers.current.name,
      cardFingerprint,
      failureCode: rejected ? 'RISK_REJECTED' : null,
      failureMessage: rejected ? 'The payment was refused by the risk checks.' : null,
      billingCountry: request.billingCountry,
      shippingCountry: request.shippingCountry,
      riskScore: assessment.score,
      riskDecision: assessment.decision,
      riskReasons: assessment.reasons,
      reviewStatus: assessment.decision === 'REVIEW' ? 'PENDING' : 'NONE',
    });
    if (rejected) await emitPaymentEvent(deps, tx, 'payment.failed', intent, 0n, SYSTEM_ACTOR, false);
    return { kind: rejected ? ('done' as const) : ('call' as const), intent };
  });

  if (started.kind === 'voided') return refused('VOIDED', "The order's payment was voided; it cannot be authorized.");
  if (started.kind === 'existing') return authorizeReplyOf(await settled(deps, started.intent));
  if (started.kind === 'done') return authorizeReplyOf(started.intent);

  const intent = started.intent;
  const answer = await askProvider(deps, () =>
    deps.providers.named(intent.provider).authorize({
      intentId: intent.id,
      amount,
      currency: intent.currency,
      token: request.paymentToken,
      idempotencyKey: intent.id,
    }),
  );
  return authorizeReplyOf(await captureIfImmediate(deps, await recordAuthorization(deps, intent.id, answer)));
}

/** With PAYMENTS_CAPTURE_MODE=IMMEDIATE, an authorization that needs no review is captured at once. */
export async function captureIfImmediate(deps: PaymentsDeps, intent: PaymentIntentRow): Promise<PaymentIntentRow> {
  if (deps.config.captureMode !== 'IMMEDIATE' || intent.status !== 'AUTHORIZED' || intent.reviewStatus !== 'NONE')
    return intent;
  try {
    await deps.db.transaction((tx) => captureIntent(deps, tx, intent.orderId, null, `immediate:${intent.id}`));
  } catch {
    // The authorization stands; staff (or the shipment) capture it later.
    deps.logger.warn({ intentId: intent.id }, 'immediate capture failed');
  }
  return (await intentOfOrder(deps.db, intent.orderId))!;
}

/** Runs a provider call within the configured bound; a timeout or a failure is UNAVAILABLE (logged without secrets). */
export async function askProvider(deps: PaymentsDeps, call: () => Promise<AuthorizeOutcome>): Promise<ProviderAnswer> {
  try {
    return await withTimeout(call(), deps.config.providerTimeoutMs);
  } catch (error) {
    if (error instanceof ProviderTimeout) return { outcome: 'UNAVAILABLE', message: error.message };
    deps.logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'payment provider call failed');
    return { outcome: 'UNAVAILABLE', message: 'The payment provider could not be reached.' };
  }
}

/**
 * Records the provider's answer on a PENDING (or REQUIRES_ACTION, after `paymentActionComplete`) intent. An intent
 * that moved on meanwhile (voided while the provider was thinking) keeps its state; an authorization that arrived for
 * it is released at the provider.
 */
export async function recordAuthorization(
  deps: PaymentsDeps,
  intentId: string,
  answer: ProviderAnswer,
): Promise<PaymentIntentRow> {
  const late: { reference: string | null } = { reference: null };
  const intent = await deps.db.transaction(async (tx) => {
    const applied = await applyAuthorization(deps, tx, intentId, answer);
    late.reference = applied.lateReference;
    return applied.intent;
  });
  if (late.reference) await releaseAtProvider(deps, intent.provider, late.reference, intent.id);
  return intent;
}

/**
 * `recordAuthorization` in the caller's transaction (a webhook applies it with its dedupe row). `lateReference`
 * names an authorization that arrived for an intent voided meanwhile: the caller releases it at the provider.
 */
export async function applyAuthorization(
  deps: PaymentsDeps,
  tx: Tx,
  intentId: string,
  answer: ProviderAnswer,
): Promise<{ intent: PaymentIntentRow; lateReference: string | null }> {
  const late: { reference: string | null } = { reference: null };
  const intent = await (async () => {
    const current = (await lockIntent(tx, intentId))!;
    if (current.status !== 'PENDING' && current.status !== 'REQUIRES_ACTION') {
      if (
        current.status === 'VOIDED' &&
        current.authorizedAmount === 0n &&
        answer.outcome !== 'DECLINED' &&
        answer.outcome !== 'UNAVAILABLE'
      ) {
        late.reference = answer.reference;
        if (answer.outcome === 'AUTHORIZED') {
          await updateIntent(tx, current.id, { authorizedAmount: current.amount, providerReference: answer.reference });
          await insertLedgerEntry(tx, {
            paymentIntentId: current.id,
            kind: 'AUTHORIZATION',
            amount: current.amount,
            currency: current.currency,
            reference: answer.reference,
          });
          await insertLedgerEntry(tx, {
            paymentIntentId: current.id,
            kind: 'VOID',
            amount: current.amount,
            currency: current.currency,
            reference: answer.reference,
          });
        }
      }
      return current;
    }
    // The outcome of a 3-D Secure step (orders resumes a waiting checkout), or the authorize call's own answer.
    const afterAction = current.status === 'REQUIRES_ACTION';
    switch (answer.outcome) {
      case 'AUTHORIZED': {
        const changes = {
          status: 'AUTHORIZED' as const,
          authorizedAmount: current.amount,
          providerReference: answer.reference,
          actionUrl: null,
        };
        // The intent is row-locked: its change, the ledger entry and the event go as one statement.
        const updated: PaymentIntentRow = { ...current, ...changes, updatedAt: new Date() };
        await writeInOneStatement(tx, [
          intentChange(tx, current.id, changes),
          ledgerEntryInsert(tx, {
            paymentIntentId: current.id,
            kind: 'AUTHORIZATION',
            amount: current.amount,
            currency: current.currency,
            reference: answer.reference,
          }),
          deps.emit.inStatement([
            paymentEvent('payment.authorized', updated, current.amount, SYSTEM_ACTOR, afterAction),
          ]),
        ]);
        return updated;
      }
      case 'REQUIRES_ACTION':
        return updateIntent(tx, current.id, {
          status: 'REQUIRES_ACTION',
          providerReference: answer.reference,
          actionUrl: answer.actionUrl,
        });
      case 'DECLINED': {
        const updated = await updateIntent(tx, current.id, {
          status: 'FAILED',
          failureCode: answer.code,
          failureMessage: answer.message,
          providerReference: answer.reference ?? current.providerReference,
          reviewStatus: current.reviewStatus === 'PENDING' ? 'NONE' : current.reviewStatus,
        });
        await emitPaymentEvent(deps, tx, 'payment.failed', updated, 0n, SYSTEM_ACTOR, afterAction);
        return updated;
      }
      case 'UNAVAILABLE': {
        const updated = await updateIntent(tx, current.id, {
          status: 'FAILED',
          failureCode: 'PROVIDER_UNAVAILABLE',
          failureMessage: 'The payment provider did not answer in time.',
          reviewStatus: current.reviewStatus === 'PENDING' ? 'NONE' : current.reviewStatus,
        });
        await emitPaymentEvent(deps, tx, 'payment.failed', updated, 0n, SYSTEM_ACTOR, afterAction);
        return updated;
      }
    }
  })();
  return { intent, lateReference: late.reference };
}

/** Best effort: voids an authorization the provider made for an intent that was voided meanwhile. */
export async function releaseAtProvider(deps: PaymentsDeps, provider: string, reference: string, intentId: string) {
  try {
    const result = await withTimeout(
      deps.providers.named(provider).void({ reference, idempotencyKey: `void:${intentId}` }),
      deps.config.providerTimeoutMs,
    );
    if (!result.ok) deps.logger.warn({ intentId }, 'the provider refused to void a late authorization');
  } catch {
    deps.logger.warn({ intentId }, 'the provider did not void a late authorization');
  }
}

/**
 * Waits until the call that owns a PENDING intent records the provider's answer (it always does, within the
 * provider's bound, unless its process died). A duplicate never ends the intent itself: on a loaded machine the
 * owner may simply be slow. Past a generous deadline it answers PROVIDER_UNAVAILABLE with no status, and the intent
 * is left to its owner or, if the owner died, to the sweeper (domain/sweep-pending.ts).
 */
export async function settled(deps: PaymentsDeps, intent: PaymentIntentRow): Promise<PaymentIntentRow> {
  let current = intent;
  const deadline = Date.now() + deps.config.providerTimeoutMs + settleMarginMs;
  let pause = 20;
  while (current.status === 'PENDING' && Date.now() < deadline) {
    await sleep(pause);
    pause = Math.min(pause * 2, 250);
    current = (await intentOfOrder(deps.db, current.orderId))!;
  }
  return current;
}
