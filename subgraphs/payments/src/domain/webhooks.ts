import { z } from 'zod';
import { lockIntentByReference, markWebhookEvent } from '../db/disputes.store';
import type { PaymentProvider } from '../providers/types';
import { applyAuthorization, releaseAtProvider, type ProviderAnswer } from './authorize-payment';
import type { PaymentsDeps } from './deps';
import { applyProviderDispute } from './disputes';

/** A provider's webhook event, Stripe-shaped: `{ id, type, created, data: { object } }`. */
const webhookEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const intentObject = z.object({
  id: z.string().min(1).max(255),
  next_action: z.object({ redirect_to_url: z.object({ url: z.string().max(2000) }).optional() }).nullish(),
  last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish() }).nullish(),
});

const disputeObject = z.object({
  id: z.string().min(1).max(255),
  payment_intent: z.string().min(1).max(255),
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  reason: z.string().max(200).nullish(),
  status: z.string().max(50).optional(),
});

export type WebhookOutcome =
  | { kind: 'applied' }
  | { kind: 'duplicate' }
  | { kind: 'ignored' }
  /** The event names a payment payments has not recorded yet (its webhook overtook the API answer): retry later. */
  | { kind: 'not_yet' }
  | { kind: 'invalid'; message: string };

class NotYet extends Error {}

/** A verified event whose object is not what its type says: rolled back, so its id is not spent on nothing. */
class Invalid extends Error {}

/** What a payment-intent event means for a PENDING or REQUIRES_ACTION intent. */
function answerOf(type: string, object: z.infer<typeof intentObject>): ProviderAnswer | null {
  if (type === 'payment_intent.amount_capturable_updated' || type === 'payment_intent.succeeded')
    return { outcome: 'AUTHORIZED', reference: object.id };
  if (type === 'payment_intent.payment_failed') {
    const code = object.last_payment_error?.decline_code ?? object.last_payment_error?.code ?? '';
    return {
      outcome: 'DECLINED',
      code: code === 'insufficient_funds' ? 'INSUFFICIENT_FUNDS' : 'DECLINED',
      message: 'The provider declined the payment.',
      reference: object.id,
    };
  }
  return null;
}

/**
 * Applies one verified webhook event of `provider` exactly once: the event id is recorded with its effect in one
 * transaction, so a replay is acknowledged without effect. Events may come in any order: each is applied against
 * the state it finds (an authorization only moves a payment still waiting for one; dispute news is merged, see
 * applyProviderDispute); an event about a payment not recorded yet is refused (not marked) so the provider retries.
 */
export async function applyWebhook(
  deps: PaymentsDeps,
  provider: PaymentProvider,
  raw: unknown,
): Promise<WebhookOutcome> {
  const parsed = webhookEvent.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', message: 'Not a webhook event.' };
  const event = parsed.data;
  const release: { intentId: string | null; reference: string | null } = { intentId: null, reference: null };
  try {
    const outcome = await deps.db.transaction(async (tx): Promise<WebhookOutcome> => {
      if (!(await markWebhookEvent(tx, { provider: provider.name, eventId: event.id, type: event.type })))
        return { kind: 'duplicate' };
      if (event.type.startsWith('charge.dispute.')) {
        const object = disputeObject.safeParse(event.data.object);
        if (!object.success) throw new Invalid('Not a dispute object.');
        const intent = await lockIntentByReference(tx, provider.name, object.data.payment_intent);
        if (!intent) throw new NotYet();
        const closed = event.type === 'charge.dispute.closed';
        await applyProviderDispute(deps, tx, intent, {
          providerDisputeId: object.data.id,
          amount: BigInt(object.data.amount),
          currency: object.data.currency.toUpperCase(),
          reason: object.data.reason ?? null,
          outcome: closed ? (object.data.status === 'won' ? 'WON' : 'LOST') : null,
        });
        return { kind: 'applied' };
      }
      if (event.type.startsWith('payment_intent.')) {
        const object = intentObject.safeParse(event.data.object);
        if (!object.success) throw new Invalid('Not a payment intent object.');
        const answer = answerOf(event.type, object.data);
        if (!answer) return { kind: 'ignored' };
        const intent = await lockIntentByReference(tx, provider.name, object.data.id);
        if (!intent) throw new NotYet();
        const applied = await applyAuthorization(deps, tx, intent.id, answer);
        release.intentId = intent.id;
        release.reference = applied.lateReference;
        return { kind: 'applied' };
      }
      return { kind: 'ignored' };
    });
    if (release.intentId && release.reference)
      await releaseAtProvider(deps, provider.name, release.reference, release.intentId);
    return outcome;
  } catch (error) {
    if (error instanceof NotYet) return { kind: 'not_yet' };
    if (error instanceof Invalid) return { kind: 'invalid', message: error.message };
    throw error;
  }
}
