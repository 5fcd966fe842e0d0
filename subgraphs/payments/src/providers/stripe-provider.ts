import {
  ProviderFailure,
  type AuthorizeOutcome,
  type PaymentProvider,
  type ProviderDeclineCode,
  type ProviderResult,
} from './types';

/**
 * A provider adapter shaped like Stripe's API: form-encoded POSTs under /v1 with a bearer key, an `Idempotency-Key`
 * header on every write (so a retried call never charges twice), manual capture (authorize now, capture later),
 * and webhooks signed in the `Stripe-Signature` format (providers/webhook-signature.ts).
 */
export interface StripeOptions {
  baseUrl: string;
  apiKey: string;
  webhookSecret: string | null;
}

interface StripeIntent {
  id: string;
  status: string;
  next_action?: { redirect_to_url?: { url?: string } } | null;
  last_payment_error?: { code?: string; decline_code?: string } | null;
}

interface StripeError {
  error?: { type?: string; code?: string; decline_code?: string; message?: string; payment_intent?: StripeIntent };
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

const declineOf = (code: string | undefined): ProviderDeclineCode =>
  code === 'insufficient_funds'
    ? 'INSUFFICIENT_FUNDS'
    : code === 'card_declined' || code === 'generic_decline'
      ? 'DECLINED'
      : 'INVALID';

export function createStripeProvider(options: StripeOptions): PaymentProvider {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    fields?: Record<string, string>,
    idempotencyKey?: string,
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    if (fields) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method,
        headers,
        body: fields ? form(fields) : undefined,
      });
    } catch {
      throw new ProviderFailure('the provider could not be reached');
    }
    if (response.status >= 500 || response.status === 429)
      throw new ProviderFailure(`the provider answered HTTP ${response.status}`);
    return { status: response.status, body: (await response.json()) as T & StripeError };
  }

  function outcomeOf(intent: StripeIntent): AuthorizeOutcome {
    if (intent.status === 'requires_capture' || intent.status === 'succeeded')
      return { outcome: 'AUTHORIZED', reference: intent.id };
    if (intent.status === 'requires_action')
      return {
        outcome: 'REQUIRES_ACTION',
        reference: intent.id,
        actionUrl: intent.next_action?.redirect_to_url?.url ?? '',
      };
    const error = intent.last_payment_error;
    return {
      outcome: 'DECLINED',
      code: declineOf(error?.decline_code ?? error?.code),
      message: 'The card was declined.',
      reference: intent.id,
    };
  }

  const result = (status: number, body: { id?: string } & StripeError): ProviderResult =>
    status < 300
      ? { ok: true, reference: body.id ?? null }
      : { ok: false, message: body.error?.message ?? `HTTP ${status}` };

  return {
    name: 'stripe',
    webhook: options.webhookSecret ? { header: 'stripe-signature', secret: options.webhookSecret } : null,
    async authorize({ intentId, amount, currency, token, idempotencyKey }) {
      const { status, body } = await call<StripeIntent>(
        'POST',
        '/v1/payment_intents',
        {
          amount: amount.toString(),
          currency: currency.toLowerCase(),
          payment_method: token,
          confirm: 'true',
          capture_method: 'manual',
          'metadata[intent_id]': intentId,
        },
        idempotencyKey,
      );
      if (status < 300) return outcomeOf(body);
      const error = body.error;
      if (error?.payment_intent) return outcomeOf(error.payment_intent);
      return {
        outcome: 'DECLINED',
        code: declineOf(error?.decline_code ?? error?.code),
        message: error?.message ?? 'The card was declined.',
        reference: null,
      };
    },
    async completeAction({ reference }) {
      const { status, body } = await call<StripeIntent>('GET', `/v1/payment_intents/${encodeURIComponent(reference)}`);
      if (status >= 300) return { outcome: 'DECLINED', code: 'INVALID', message: 'Unknown payment.', reference };
      return outcomeOf(body);
    },
    async capture({ reference, amount, idempotencyKey }) {
      const { status, body } = await call<{ id: string }>(
        'POST',
        `/v1/payment_intents/${encodeURIComponent(reference)}/capture`,
        { amount_to_capture: amount.toString() },
        idempotencyKey,
      );
      return result(status, body);
    },
    async void({ reference, idempotencyKey }) {
      const { status, body } = await call<{ id: string }>(
        'POST',
        `/v1/payment_intents/${encodeURIComponent(reference)}/cancel`,
        {},
        idempotencyKey,
      );
      return result(status, body);
    },
    async refund({ reference, amount, idempotencyKey }) {
      const { status, body } = await call<{ id: string }>(
        'POST',
        '/v1/refunds',
        { payment_intent: reference, amount: amount.toString() },
        idempotencyKey,
      );
      return result(status, body);
    },
  };
}
