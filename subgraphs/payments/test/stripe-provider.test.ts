import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { paymentIntents } from '../src/db/schema';
import { authorizePayment } from '../src/domain/authorize-payment';
import { capturePayment } from '../src/domain/capture-payment';
import { refundPayment } from '../src/domain/refund-payment';
import { voidPayment } from '../src/domain/void-payment';
import { providersOf } from '../src/providers';
import { createStripeProvider } from '../src/providers/stripe-provider';
import { ProviderFailure, type PaymentProvider } from '../src/providers/types';
import { startPaymentsHarness, type PaymentsHarness } from './fixtures';

/**
 * The Stripe-shaped adapter against a local fake of the API (a real HTTP server that honours idempotency keys as
 * Stripe does), then through the payments use cases on real PostgreSQL.
 */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

interface Seen {
  method: string;
  path: string;
  key: string | undefined;
  auth: string | undefined;
  form: Record<string, string>;
}

/** A fake Stripe: payment method tokens decide outcomes; a repeated idempotency key replays the first answer. */
function fakeStripe() {
  const seen: Seen[] = [];
  const replies = new Map<string, { status: number; body: unknown }>();
  const intents = new Map<string, { id: string; status: string; amount: number }>();
  let failNext = false;
  const answer = (
    req: IncomingMessage,
    path: string,
    form: Record<string, string>,
  ): { status: number; body: unknown } => {
    if (failNext) {
      failNext = false;
      return { status: 500, body: { error: { message: 'boom' } } };
    }
    if (req.method === 'POST' && path === '/v1/payment_intents') {
      const id = `pi_${newId().replace(/-/g, '')}`;
      const pm = form.payment_method;
      if (pm === 'pm_card_declined')
        return { status: 402, body: { error: { type: 'card_error', code: 'card_declined', message: 'Declined.' } } };
      if (pm === 'pm_card_insufficient')
        return {
          status: 402,
          body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' } },
        };
      const status = pm === 'pm_card_3ds' ? 'requires_action' : 'requires_capture';
      intents.set(id, { id, status, amount: Number(form.amount) });
      return {
        status: 200,
        body: {
          id,
          status,
          next_action:
            status === 'requires_action' ? { redirect_to_url: { url: `https://stripe.test/3ds/${id}` } } : null,
        },
      };
    }
    const get = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && get) {
      const intent = intents.get(get[1]!);
      if (!intent) return { status: 404, body: { error: { message: 'No such intent' } } };
      intent.status = 'requires_capture';
      return { status: 200, body: intent };
    }
    const action = /^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/.exec(path);
    if (action)
      return { status: 200, body: { id: action[1], status: action[2] === 'capture' ? 'succeeded' : 'canceled' } };
    if (path === '/v1/refunds') return { status: 200, body: { id: `re_${newId().slice(0, 8)}`, status: 'succeeded' } };
    return { status: 404, body: { error: { message: 'unknown route' } } };
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const form = Object.fromEntries(new URLSearchParams(raw));
      const key = req.headers['idempotency-key'] as string | undefined;
      seen.push({ method: req.method ?? '', path, key, auth: req.headers.authorization, form });
      const cached = key ? replies.get(key) : undefined;
      const reply = cached ?? answer(req, path, form);
      if (key && !cached && reply.status < 500) replies.set(key, reply);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  return {
    seen,
    failNext: () => (failNext = true),
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let fake: ReturnType<typeof fakeStripe>;
let stripe: PaymentProvider;
let h: PaymentsHarness;
beforeAll(async () => {
  fake = fakeStripe();
  stripe = createStripeProvider({ baseUrl: await fake.start(), apiKey: 'sk_test_fake', webhookSecret: null });
  h = await startPaymentsHarness('stripe');
});
afterAll(async () => {
  await h?.stop();
  await fake?.stop();
});

const request = (intentId: string, token: string) => ({
  intentId,
  amount: 1999n,
  currency: 'EUR',
  token,
  idempotencyKey: intentId,
});

describe('the Stripe-shaped adapter', () => {
  it('authorizes with manual capture, the bearer key and the idempotency key; a retry replays the first answer', async () => {
    const intentId = newId();
    const first = await stripe.authorize(request(intentId, 'pm_card_visa'));
    expect(first).toMatchObject({ outcome: 'AUTHORIZED', reference: expect.stringMatching(/^pi_/) });
    const again = await stripe.authorize(request(intentId, 'pm_card_visa'));
    expect(again).toEqual(first);
    const calls = fake.seen.filter((s) => s.key === intentId);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      auth: 'Bearer sk_test_fake',
      form: {
        amount: '1999',
        currency: 'eur',
        capture_method: 'manual',
        confirm: 'true',
        payment_method: 'pm_card_visa',
      },
    });
  });

  it('maps declines, 3-D Secure and provider failures', async () => {
    expect(await stripe.authorize(request(newId(), 'pm_card_declined'))).toMatchObject({
      outcome: 'DECLINED',
      code: 'DECLINED',
    });
    expect(await stripe.authorize(request(newId(), 'pm_card_insufficient'))).toMatchObject({
      outcome: 'DECLINED',
      code: 'INSUFFICIENT_FUNDS',
    });
    const action = await stripe.authorize(request(newId(), 'pm_card_3ds'));
    expect(action).toMatchObject({ outcome: 'REQUIRES_ACTION', actionUrl: expect.stringContaining('/3ds/') });
    expect(
      await stripe.completeAction({ reference: (action as { reference: string }).reference, idempotencyKey: 'a' }),
    ).toMatchObject({
      outcome: 'AUTHORIZED',
    });
    fake.failNext();
    await expect(stripe.authorize(request(newId(), 'pm_card_visa'))).rejects.toBeInstanceOf(ProviderFailure);
  });
});

describe('payments on the Stripe-shaped adapter', () => {
  it('authorizes, captures, refunds and voids through the provider with idempotency keys', async () => {
    const deps = { ...h.deps, providers: providersOf([stripe]) };
    const orderId = newId();
    const authorized = await authorizePayment(deps, {
      idempotencyKey: newId(),
      orderId,
      orderNumber: 'S-1',
      amount: '19.99',
      currency: 'EUR',
      paymentToken: 'pm_card_visa',
      customer: { userId: newId(), email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
    expect(authorized).toMatchObject({ status: 'AUTHORIZED', error: null });
    const [intent] = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
    expect(intent).toMatchObject({ provider: 'stripe', providerReference: expect.stringMatching(/^pi_/) });

    const captureKey = newId();
    expect(await capturePayment(deps, { idempotencyKey: captureKey, orderId, amount: '10.00' })).toMatchObject({
      status: 'PARTIALLY_CAPTURED',
    });
    expect(fake.seen.find((s) => s.key === `capture:${captureKey}`)).toMatchObject({
      path: `/v1/payment_intents/${intent!.providerReference}/capture`,
      form: { amount_to_capture: '1000' },
    });
    const refunded = await refundPayment(deps, { idempotencyKey: newId(), orderId, amount: '4.00', reason: null });
    expect(refunded).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: '4.00' });
    const refundCall = fake.seen.find(
      (s) => s.path === '/v1/refunds' && s.form.payment_intent === intent!.providerReference,
    );
    expect(refundCall).toMatchObject({ key: `refund:${refunded.refundId}`, form: { amount: '400' } });

    // Voiding an uncaptured one cancels it at the provider.
    const other = newId();
    await authorizePayment(deps, {
      idempotencyKey: newId(),
      orderId: other,
      orderNumber: 'S-2',
      amount: '5.00',
      currency: 'EUR',
      paymentToken: 'pm_card_visa',
      customer: { userId: newId(), email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
    expect(await voidPayment(deps, { idempotencyKey: newId(), orderId: other })).toMatchObject({ voided: true });
    expect(fake.seen.some((s) => s.path.endsWith('/cancel'))).toBe(true);
  });

  it('records FAILED/PROVIDER_UNAVAILABLE when the provider fails', async () => {
    const deps = { ...h.deps, providers: providersOf([stripe]) };
    fake.failNext();
    const reply = await authorizePayment(deps, {
      idempotencyKey: newId(),
      orderId: newId(),
      orderNumber: 'S-3',
      amount: '5.00',
      currency: 'EUR',
      paymentToken: 'pm_card_visa',
      customer: { userId: newId(), email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
    expect(reply).toMatchObject({ status: 'FAILED', error: { code: 'PROVIDER_UNAVAILABLE' } });
  });
});
