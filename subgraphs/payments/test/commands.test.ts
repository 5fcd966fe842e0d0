import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { harnessPerFile, eventually } from '@shop/testing';
import { ledgerEntries, paymentIntents, refunds } from '../src/db/schema';
import { sweepPendingIntents } from '../src/domain/sweep-pending';
import { authorize, capture, refund, startPaymentsHarness, voidPayment } from './fixtures';

/**
 * The saga's commands over the real bus (NATS) against a started payments subgraph on real PostgreSQL: every test
 * token, idempotency, void before authorize, and refunds that never exceed captures. Velocity is off here (every
 * test pays with the same few tokens); test/risk.test.ts covers the risk rules.
 */
// Long enough that a void sent while the provider "thinks" arrives before payments gives up, even under load.
process.env.PAYMENTS_PROVIDER_TIMEOUT_MS = '4000';
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

const h = harnessPerFile(() => startPaymentsHarness('commands'));

const intentOf = async (orderId: string) =>
  (await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId)))[0];

const ledgerOf = async (orderId: string) => {
  const intent = await intentOf(orderId);
  if (!intent) return [];
  const rows = await h.database.db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.paymentIntentId, intent.id))
    .orderBy(ledgerEntries.createdAt, ledgerEntries.id);
  return rows.map((r) => ({ kind: r.kind, amount: r.amount }));
};

const eventsOf = async (type: string, orderId: string) =>
  (await h.outboxEvents(type)).filter((e) => (e.data as { orderId: string }).orderId === orderId);

describe('payments.authorize: the test provider tokens', () => {
  it('authorizes test-card-ok: AUTHORIZED, an authorization in the ledger and payment.authorized', async () => {
    const orderId = newId();
    const reply = await authorize(h, { orderId, amount: '42.50', paymentToken: 'test-card-ok' });
    expect(reply).toMatchObject({ status: 'AUTHORIZED', action: null, review: false, error: null });
    expect(reply.paymentIntentId).toEqual(expect.any(String));
    expect(await ledgerOf(orderId)).toEqual([{ kind: 'AUTHORIZATION', amount: 4250n }]);
    const intent = await intentOf(orderId);
    expect(intent).toMatchObject({ authorizedAmount: 4250n, capturedAmount: 0n, provider: 'test' });
    expect(intent!.cardFingerprint).not.toContain('test-card');
    const [event] = await eventsOf('payment.authorized', orderId);
    expect(event?.data).toMatchObject({
      paymentIntentId: reply.paymentIntentId,
      status: 'AUTHORIZED',
      amount: '42.50',
      currency: 'EUR',
      capturedAmount: '0.00',
      refundedAmount: '0.00',
    });
  });

  it('authorizes test-card-dispute like an ordinary card', async () => {
    const reply = await authorize(h, { paymentToken: 'test-card-dispute' });
    expect(reply).toMatchObject({ status: 'AUTHORIZED', error: null });
  });

  it.each([
    ['test-card-declined', 'DECLINED'],
    ['test-card-insufficient-funds', 'INSUFFICIENT_FUNDS'],
    ['not-a-test-card', 'INVALID'],
  ])('fails %s with %s, no ledger entry, payment.failed', async (paymentToken, code) => {
    const orderId = newId();
    const reply = await authorize(h, { orderId, paymentToken });
    expect(reply).toMatchObject({ status: 'FAILED', review: false, error: { code } });
    expect(await ledgerOf(orderId)).toEqual([]);
    expect(await eventsOf('payment.failed', orderId)).toHaveLength(1);
  });

  it('asks for 3-D Secure on test-card-3ds: REQUIRES_ACTION with an action, nothing authorized yet', async () => {
    const orderId = newId();
    const reply = await authorize(h, { orderId, paymentToken: 'test-card-3ds' });
    expect(reply).toMatchObject({ status: 'REQUIRES_ACTION', error: null, action: { type: 'THREE_DS' } });
    expect(reply.action!.url).toContain(reply.paymentIntentId!);
    expect(await ledgerOf(orderId)).toEqual([]);
    expect(await eventsOf('payment.authorized', orderId)).toHaveLength(0);
  });

  it('gives up on test-card-timeout after its bound: FAILED with PROVIDER_UNAVAILABLE', async () => {
    const orderId = newId();
    const reply = await authorize(h, { orderId, paymentToken: 'test-card-timeout' });
    expect(reply).toMatchObject({ status: 'FAILED', error: { code: 'PROVIDER_UNAVAILABLE' } });
    expect(await ledgerOf(orderId)).toEqual([]);
    expect(await eventsOf('payment.failed', orderId)).toHaveLength(1);
    // A retry answers the same, without asking the provider again.
    expect(await authorize(h, { orderId, paymentToken: 'test-card-timeout' })).toEqual(reply);
  });

  it('refuses malformed amounts with INVALID and records nothing', async () => {
    const orderId = newId();
    for (const amount of ['0', '0.00', '1.234']) {
      expect(await authorize(h, { orderId, amount })).toMatchObject({
        paymentIntentId: null,
        error: { code: 'INVALID' },
      });
    }
    expect(await authorize(h, { orderId: newId(), amount: '5', currency: 'JPY' })).toMatchObject({ error: null });
    expect(await intentOf(orderId)).toBeUndefined();
  });
});

describe('payments.authorize: idempotency', () => {
  it('answers 20 concurrent calls with one key with one intent and one ledger authorization', async () => {
    const orderId = newId();
    const idempotencyKey = newId();
    const replies = await Promise.all(Array.from({ length: 20 }, () => authorize(h, { orderId, idempotencyKey })));
    expect(new Set(replies.map((r) => r.paymentIntentId)).size).toBe(1);
    for (const reply of replies) expect(reply).toEqual(replies[0]);
    expect(replies[0]).toMatchObject({ status: 'AUTHORIZED', error: null });
    const intents = await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId));
    expect(intents).toHaveLength(1);
    expect(await ledgerOf(orderId)).toEqual([{ kind: 'AUTHORIZATION', amount: 10000n }]);
    expect(await eventsOf('payment.authorized', orderId)).toHaveLength(1);
  });

  it('keeps one intent per order even under different keys', async () => {
    const orderId = newId();
    const replies = await Promise.all(Array.from({ length: 5 }, () => authorize(h, { orderId })));
    expect(new Set(replies.map((r) => r.paymentIntentId)).size).toBe(1);
    expect(await ledgerOf(orderId)).toHaveLength(1);
  });

  it('waits for an in-flight provider call and answers its outcome', async () => {
    const orderId = newId();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => authorize(h, { orderId, paymentToken: 'test-card-timeout' })),
    );
    for (const reply of replies)
      expect(reply).toMatchObject({ status: 'FAILED', error: { code: 'PROVIDER_UNAVAILABLE' } });
    expect(await eventsOf('payment.failed', orderId)).toHaveLength(1);
  });
});

describe('payments.void', () => {
  it('leaves a marker on an order without a payment: a later authorize is refused with VOIDED', async () => {
    const orderId = newId();
    expect(await voidPayment(h, orderId)).toEqual({ voided: true, status: null, error: null });
    expect(await authorize(h, { orderId })).toMatchObject({
      paymentIntentId: null,
      status: 'VOIDED',
      error: { code: 'VOIDED' },
    });
    expect(await intentOf(orderId)).toBeUndefined();
  });

  it('voids while the provider is still thinking: the authorization ends VOIDED, never charged', async () => {
    const orderId = newId();
    const pending = authorize(h, { orderId, paymentToken: 'test-card-timeout' });
    // The intent exists (PENDING) once the first transaction commits.
    await eventually(() => intentOf(orderId), { what: 'the pending intent' });
    expect(await voidPayment(h, orderId)).toEqual({ voided: true, status: 'VOIDED', error: null });
    expect(await pending).toMatchObject({ status: 'VOIDED', error: { code: 'VOIDED' } });
    expect(await intentOf(orderId)).toMatchObject({ status: 'VOIDED', capturedAmount: 0n });
    expect(await capture(h, orderId)).toMatchObject({ error: { code: 'NOT_CAPTURABLE' } });
  });

  it('voids an authorization: VOIDED, a VOID ledger entry, payment.voided, idempotent', async () => {
    const orderId = newId();
    await authorize(h, { orderId, amount: '10.00' });
    expect(await voidPayment(h, orderId)).toEqual({ voided: true, status: 'VOIDED', error: null });
    expect(await voidPayment(h, orderId)).toEqual({ voided: true, status: 'VOIDED', error: null });
    expect(await ledgerOf(orderId)).toEqual([
      { kind: 'AUTHORIZATION', amount: 1000n },
      { kind: 'VOID', amount: 1000n },
    ]);
    expect(await eventsOf('payment.voided', orderId)).toHaveLength(1);
    expect(await capture(h, orderId)).toMatchObject({ error: { code: 'NOT_CAPTURABLE' } });
  });

  it('refuses to void a captured payment', async () => {
    const orderId = newId();
    await authorize(h, { orderId });
    await capture(h, orderId);
    expect(await voidPayment(h, orderId)).toMatchObject({ voided: false, error: { code: 'ALREADY_CAPTURED' } });
  });
});

describe('payments.capture', () => {
  it('captures in parts up to the authorization, then refuses more', async () => {
    const orderId = newId();
    await authorize(h, { orderId, amount: '100.00' });
    expect(await capture(h, orderId, '30.00')).toEqual({
      status: 'PARTIALLY_CAPTURED',
      capturedAmount: '30.00',
      error: null,
    });
    expect(await capture(h, orderId, '80.00')).toMatchObject({ error: { code: 'EXCEEDS_AUTHORIZED' } });
    expect(await capture(h, orderId, '0.00')).toMatchObject({ error: { code: 'INVALID' } });
    expect(await capture(h, orderId, '1.001')).toMatchObject({ error: { code: 'INVALID' } });
    expect(await capture(h, orderId, null)).toEqual({ status: 'CAPTURED', capturedAmount: '100.00', error: null });
    expect(await capture(h, orderId, null)).toMatchObject({ error: { code: 'NOT_CAPTURABLE' } });
    expect(await ledgerOf(orderId)).toEqual([
      { kind: 'AUTHORIZATION', amount: 10000n },
      { kind: 'CAPTURE', amount: 3000n },
      { kind: 'CAPTURE', amount: 7000n },
    ]);
    expect(await eventsOf('payment.captured', orderId)).toHaveLength(2);
  });

  it('answers a retried key with the first reply without capturing again', async () => {
    const orderId = newId();
    await authorize(h, { orderId, amount: '100.00' });
    const key = newId();
    const replies = await Promise.all(Array.from({ length: 10 }, () => capture(h, orderId, '10.00', key)));
    for (const reply of replies)
      expect(reply).toEqual({ status: 'PARTIALLY_CAPTURED', capturedAmount: '10.00', error: null });
    expect(await intentOf(orderId)).toMatchObject({ capturedAmount: 1000n });
  });

  it('is NOT_FOUND for an unknown order and NOT_CAPTURABLE for a failed payment', async () => {
    expect(await capture(h, newId())).toMatchObject({ status: null, error: { code: 'NOT_FOUND' } });
    const orderId = newId();
    await authorize(h, { orderId, paymentToken: 'test-card-declined' });
    expect(await capture(h, orderId)).toMatchObject({ status: 'FAILED', error: { code: 'NOT_CAPTURABLE' } });
  });
});

describe('payments.refund', () => {
  async function captured(amount: string): Promise<string> {
    const orderId = newId();
    await authorize(h, { orderId, amount });
    await capture(h, orderId);
    return orderId;
  }

  it('refunds in parts and refuses more than was captured', async () => {
    const orderId = await captured('50.00');
    expect(await refund(h, orderId, '20.00')).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedAmount: '20.00',
      error: null,
    });
    expect(await refund(h, orderId, '30.01')).toMatchObject({
      refundId: null,
      refundedAmount: '20.00',
      error: { code: 'EXCEEDS_CAPTURED' },
    });
    expect(await refund(h, orderId, '0')).toMatchObject({ error: { code: 'INVALID' } });
    expect(await refund(h, orderId, null)).toMatchObject({ status: 'REFUNDED', refundedAmount: '50.00', error: null });
    expect(await refund(h, orderId, null)).toMatchObject({ error: { code: 'EXCEEDS_CAPTURED' } });
    expect(await eventsOf('payment.refunded', orderId)).toHaveLength(2);
  });

  it('is NOTHING_CAPTURED before a capture and NOT_FOUND without a payment', async () => {
    const orderId = newId();
    await authorize(h, { orderId });
    expect(await refund(h, orderId, null)).toMatchObject({ error: { code: 'NOTHING_CAPTURED' } });
    expect(await refund(h, newId(), null)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers a retried key with the first refund', async () => {
    const orderId = await captured('50.00');
    const key = newId();
    const a = await refund(h, orderId, '5.00', key);
    const b = await refund(h, orderId, '5.00', key);
    expect(b).toEqual(a);
    expect(await intentOf(orderId)).toMatchObject({ refundedAmount: 500n });
  });

  it('never refunds more than captured under 20 concurrent refunds', async () => {
    const orderId = await captured('100.00');
    const replies = await Promise.all(Array.from({ length: 20 }, () => refund(h, orderId, '15.00')));
    const granted = replies.filter((r) => r.error === null);
    expect(granted).toHaveLength(6);
    expect(replies.filter((r) => r.error?.code === 'EXCEEDS_CAPTURED')).toHaveLength(14);
    const intent = await intentOf(orderId);
    expect(intent).toMatchObject({ capturedAmount: 10000n, refundedAmount: 9000n, status: 'PARTIALLY_REFUNDED' });
    const rows = await h.database.db.select().from(refunds).where(eq(refunds.paymentIntentId, intent!.id));
    expect(rows.reduce((sum, r) => sum + r.amount, 0n)).toBe(9000n);
  });

  it('has a CHECK constraint behind the lock: refunded can never exceed captured', async () => {
    const orderId = await captured('10.00');
    await expect(
      h.database.db.update(paymentIntents).set({ refundedAmount: 1001n }).where(eq(paymentIntents.orderId, orderId)),
    ).rejects.toThrow();
  });
});

describe('lost provider calls', () => {
  it('ends an intent left PENDING past the provider bound as FAILED/PROVIDER_UNAVAILABLE', async () => {
    const orderId = newId();
    await h.database.db.insert(paymentIntents).values({
      id: newId(),
      orderId,
      orderNumber: 'T-LOST',
      currency: 'EUR',
      amount: 500n,
      status: 'PENDING',
      provider: 'test',
      cardFingerprint: 'x',
      riskScore: 0,
      riskDecision: 'APPROVE',
      riskReasons: [],
    });
    expect(await sweepPendingIntents(h.deps, Date.now() + 120_000)).toBeGreaterThanOrEqual(1);
    expect(await intentOf(orderId)).toMatchObject({ status: 'FAILED', failureCode: 'PROVIDER_UNAVAILABLE' });
    expect(await eventsOf('payment.failed', orderId)).toHaveLength(1);
    expect(await authorize(h, { orderId })).toMatchObject({
      status: 'FAILED',
      error: { code: 'PROVIDER_UNAVAILABLE' },
    });
  });
});
