import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { harnessPerFile, gid, staff, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { disputes, ledgerEntries, paymentIntents, webhookEvents } from '../src/db/schema';
import { signWebhook, verifyWebhook } from '../src/providers/webhook-signature';
import { authorize, capture, startPaymentsHarness } from './fixtures';

/**
 * Provider webhooks at POST /webhooks/payments/test on a started subgraph (real PostgreSQL and NATS): signatures
 * with a tolerance window, dedupe by event id, any order; disputes with their ledger effects and evidence.
 */
const SECRET = 'whsec_payments_test';
process.env.PAYMENTS_TEST_WEBHOOK_SECRET = SECRET;
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

const h = harnessPerFile(() => startPaymentsHarness('webhooks'));

const MANAGER = staff(['payments:manage']);
const endpoint = () => h.url.replace(/\/graphql$/, '/webhooks/payments/test');

async function post(event: unknown, options: { secret?: string; timestamp?: number; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(event);
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'payments-signature': signWebhook(options.secret ?? SECRET, body, options.timestamp),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A captured test-card-dispute payment: its order id, intent and provider reference. */
async function disputedPayment(amount = '30.00') {
  const orderId = newId();
  const reply = await authorize(h, { orderId, amount, paymentToken: 'test-card-dispute' });
  await capture(h, orderId);
  const [intent] = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
  return { orderId, intentId: reply.paymentIntentId!, reference: intent!.providerReference! };
}

const disputeEvent = (
  type: 'charge.dispute.created' | 'charge.dispute.closed',
  reference: string,
  disputeId: string,
  extra: Record<string, unknown> = {},
) => ({
  id: `evt_${newId()}`,
  type,
  created: Math.floor(Date.now() / 1000),
  data: {
    object: { id: disputeId, payment_intent: reference, amount: 3000, currency: 'eur', reason: 'fraudulent', ...extra },
  },
});

const ledgerKinds = async (intentId: string) =>
  (await h.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentIntentId, intentId)))
    .map((e) => `${e.kind}:${e.amount}`)
    .sort();

describe('webhook signatures', () => {
  it('accepts HMAC-SHA256 over "t.body" within the tolerance window only', () => {
    const body = '{"id":"evt_1"}';
    const now = 1_800_000_000;
    expect(verifyWebhook('s', signWebhook('s', body, now), body, { now })).toBe(true);
    expect(verifyWebhook('s', signWebhook('s', body, now - 299), body, { now })).toBe(true);
    expect(verifyWebhook('s', signWebhook('s', body, now - 301), body, { now })).toBe(false);
    expect(verifyWebhook('other', signWebhook('s', body, now), body, { now })).toBe(false);
    expect(verifyWebhook('s', signWebhook('s', body, now), `${body} `, { now })).toBe(false);
    expect(verifyWebhook('s', undefined, body, { now })).toBe(false);
    expect(verifyWebhook('s', 't=abc,v1=zz', body, { now })).toBe(false);
  });

  it('refuses a bad signature, a stale one and a malformed body with 400, changing nothing', async () => {
    const { reference, intentId } = await disputedPayment();
    const event = disputeEvent('charge.dispute.created', reference, `dp_${newId()}`);
    expect((await post(event, { secret: 'wrong' })).status).toBe(400);
    expect((await post(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    expect((await post(null, { raw: 'not json' })).status).toBe(400);
    expect((await post({ id: 'evt_x' })).status).toBe(400);
    const unsigned = await fetch(endpoint(), { method: 'POST', body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);
    expect(await ledgerKinds(intentId)).toEqual(['AUTHORIZATION:3000', 'CAPTURE:3000']);
  });
});

describe('disputes from webhooks', () => {
  it('opens a dispute once (replays acknowledged, no effect), then closes it as lost', async () => {
    const { reference, intentId } = await disputedPayment();
    const disputeId = `dp_${newId()}`;
    const opened = disputeEvent('charge.dispute.created', reference, disputeId);
    expect(await post(opened)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await post(opened)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    // The same news under another event id is merged into the same dispute.
    expect((await post(disputeEvent('charge.dispute.created', reference, disputeId))).status).toBe(200);
    const rows = await h.database.db.select().from(disputes).where(eq(disputes.paymentIntentId, intentId));
    expect(rows).toEqual([expect.objectContaining({ status: 'OPEN', amount: 3000n, reason: 'fraudulent' })]);
    expect(await ledgerKinds(intentId)).toEqual(['AUTHORIZATION:3000', 'CAPTURE:3000', 'DISPUTE:3000']);
    expect((await h.outboxEvents('dispute.opened')).filter((e) => e.subject === rows[0]!.id)).toHaveLength(1);

    expect((await post(disputeEvent('charge.dispute.closed', reference, disputeId, { status: 'lost' }))).status).toBe(
      200,
    );
    const [closed] = await h.database.db.select().from(disputes).where(eq(disputes.paymentIntentId, intentId));
    expect(closed).toMatchObject({ status: 'LOST' });
    expect(await ledgerKinds(intentId)).toEqual(['AUTHORIZATION:3000', 'CAPTURE:3000', 'DISPUTE:3000']);
    const [event] = (await h.outboxEvents('dispute.closed')).filter((e) => e.subject === closed!.id);
    expect(event?.data).toMatchObject({ status: 'LOST', amount: '30.00', currency: 'EUR', paymentIntentId: intentId });
  });

  it('is safe out of order: a "won" that overtakes "created" opens and closes it, and the late "created" changes nothing', async () => {
    const { reference, intentId } = await disputedPayment();
    const disputeId = `dp_${newId()}`;
    expect((await post(disputeEvent('charge.dispute.closed', reference, disputeId, { status: 'won' }))).status).toBe(
      200,
    );
    expect((await post(disputeEvent('charge.dispute.created', reference, disputeId))).status).toBe(200);
    const rows = await h.database.db.select().from(disputes).where(eq(disputes.paymentIntentId, intentId));
    expect(rows).toEqual([expect.objectContaining({ status: 'WON' })]);
    expect(await ledgerKinds(intentId)).toEqual([
      'AUTHORIZATION:3000',
      'CAPTURE:3000',
      'DISPUTE:3000',
      'DISPUTE_REVERSAL:3000',
    ]);
  });

  it('asks the provider to retry (409) an event about a payment not recorded yet, without marking it seen', async () => {
    const event = disputeEvent('charge.dispute.created', 'tp_dispute_unknown', `dp_${newId()}`);
    expect((await post(event)).status).toBe(409);
    const seen = await h.database.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
    expect(seen).toEqual([]);
  });

  it('takes staff evidence for an open dispute (disputeEvidenceSubmit) and shows disputes to staff', async () => {
    const { reference, intentId } = await disputedPayment();
    await post(disputeEvent('charge.dispute.created', reference, `dp_${newId()}`));
    const shown = await h.data<{
      _entities: { disputes: { id: string; status: string; amount: { amount: string } }[] }[];
    }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PaymentIntent { disputes { id status amount { amount } } } } }`,
      { r: [{ __typename: 'PaymentIntent', id: gid('PaymentIntent', intentId) }] },
      MANAGER,
    );
    const dispute = shown._entities[0]!.disputes[0]!;
    expect(dispute).toMatchObject({ status: 'OPEN', amount: { amount: '30.00' } });
    const SUBMIT = `mutation ($input: DisputeEvidenceSubmitInput!) { disputeEvidenceSubmit(input: $input) { dispute { status evidence } ${USER_ERRORS} } }`;
    type Submit = { disputeEvidenceSubmit: { dispute: { status: string } | null; userErrors: UserErrorBody[] } };
    const empty = await h.data<Submit>(SUBMIT, { input: { disputeId: dispute.id, evidence: '  ' } }, MANAGER);
    expect(empty.disputeEvidenceSubmit.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'evidence'] }),
    ]);
    const done = await h.data<Submit>(
      SUBMIT,
      { input: { disputeId: dispute.id, evidence: 'Tracking 1Z999' } },
      MANAGER,
    );
    expect(done.disputeEvidenceSubmit).toEqual({
      dispute: { status: 'UNDER_REVIEW', evidence: 'Tracking 1Z999' },
      userErrors: [],
    });
    const again = await h.data<Submit>(SUBMIT, { input: { disputeId: dispute.id, evidence: 'More' } }, MANAGER);
    expect(again.disputeEvidenceSubmit.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    const unknown = await h.data<Submit>(
      SUBMIT,
      { input: { disputeId: gid('Dispute', newId()), evidence: 'x' } },
      MANAGER,
    );
    expect(unknown.disputeEvidenceSubmit.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });
});

describe('payment intent webhooks', () => {
  it('records an authorization the provider reports by webhook, once, for a payment waiting for 3-D Secure', async () => {
    const orderId = newId();
    const reply = await authorize(h, { orderId, paymentToken: 'test-card-3ds' });
    const [intent] = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
    const event = {
      id: `evt_${newId()}`,
      type: 'payment_intent.amount_capturable_updated',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: intent!.providerReference } },
    };
    expect((await post(event)).status).toBe(200);
    expect((await post({ ...event, id: `evt_${newId()}` })).status).toBe(200);
    const [after] = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
    expect(after).toMatchObject({ status: 'AUTHORIZED', authorizedAmount: 10000n });
    expect(await ledgerKinds(reply.paymentIntentId!)).toEqual(['AUTHORIZATION:10000']);
    // A late "failed" changes nothing once authorized.
    const failed = { ...event, id: `evt_${newId()}`, type: 'payment_intent.payment_failed' };
    expect((await post(failed)).status).toBe(200);
    const [still] = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
    expect(still!.status).toBe('AUTHORIZED');
  });
});
