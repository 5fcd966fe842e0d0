import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { DEFAULT_RISK } from '../src/config';
import { ledgerEntries, paymentIntents } from '../src/db/schema';
import { assessRisk } from '../src/domain/risk';
import { authorize, capture, startPaymentsHarness, type PaymentsHarness } from './fixtures';

/** The risk rules: pure scoring, then the decisions through `payments.authorize` on the real bus and database. */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '600';

const NO_FACTS = { cardAttempts: 0, emailAttempts: 0, ipAttempts: 0, historyCount: 3, historyAverage: 10_000n };
const PLAIN = { amount: 10_000n, email: 'a@example.com', billingCountry: 'DE', shippingCountry: 'DE' };

describe('assessRisk', () => {
  it('approves a returning customer with an ordinary order and no signals', () => {
    expect(assessRisk(DEFAULT_RISK, PLAIN, NO_FACTS)).toEqual({ score: 0, decision: 'APPROVE', reasons: [] });
  });

  it('adds each rule that fires and applies the thresholds', () => {
    const w = DEFAULT_RISK.weights;
    const result = assessRisk(
      DEFAULT_RISK,
      { amount: 60_000n, email: 'x@Mailinator.com', billingCountry: 'DE', shippingCountry: 'FR' },
      { ...NO_FACTS, cardAttempts: DEFAULT_RISK.velocityMaxPerCard },
    );
    expect(result.reasons).toEqual(['CARD_VELOCITY', 'COUNTRY_MISMATCH', 'HIGH_VALUE', 'DISPOSABLE_EMAIL']);
    expect(result.score).toBe(w.cardVelocity + w.countryMismatch + w.highValue + w.disposableEmail);
    expect(result.decision).toBe('REJECT');
    const review = assessRisk(DEFAULT_RISK, { ...PLAIN, shippingCountry: 'FR' }, { ...NO_FACTS, historyCount: 0 });
    expect(review).toEqual({
      score: w.countryMismatch + w.newAccount,
      decision: w.countryMismatch + w.newAccount >= DEFAULT_RISK.reviewAt ? 'REVIEW' : 'APPROVE',
      reasons: ['COUNTRY_MISMATCH', 'NEW_ACCOUNT'],
    });
  });

  it('turns velocity off with a zero window', () => {
    const facts = { ...NO_FACTS, cardAttempts: 99, emailAttempts: 99, ipAttempts: 99 };
    expect(assessRisk({ ...DEFAULT_RISK, velocityWindowSeconds: 0 }, PLAIN, facts).reasons).toEqual([]);
  });
});

describe('risk decisions through payments.authorize', () => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await startPaymentsHarness('risk');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const intentOf = async (orderId: string) =>
    (await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId)))[0]!;

  it('approves a new customer with only NEW_ACCOUNT', async () => {
    const orderId = newId();
    expect(await authorize(h, { orderId })).toMatchObject({ status: 'AUTHORIZED', review: false, error: null });
    expect(await intentOf(orderId)).toMatchObject({
      riskDecision: 'APPROVE',
      riskScore: DEFAULT_RISK.weights.newAccount,
      riskReasons: ['NEW_ACCOUNT'],
      reviewStatus: 'NONE',
    });
  });

  it('holds a risky payment for review: authorized, review true, capture refused with UNDER_REVIEW', async () => {
    const orderId = newId();
    const reply = await authorize(h, {
      orderId,
      customer: { email: `someone-${newId()}@mailinator.com` },
      billingCountry: 'DE',
      shippingCountry: 'US',
    });
    expect(reply).toMatchObject({ status: 'AUTHORIZED', review: true, error: null });
    expect(await intentOf(orderId)).toMatchObject({
      riskDecision: 'REVIEW',
      reviewStatus: 'PENDING',
      riskReasons: ['COUNTRY_MISMATCH', 'NEW_ACCOUNT', 'DISPOSABLE_EMAIL'],
    });
    expect(await capture(h, orderId)).toMatchObject({ status: 'AUTHORIZED', error: { code: 'UNDER_REVIEW' } });
  });

  it('weighs an order far above the customer history (HIGH_VALUE) and drops NEW_ACCOUNT for a returning one', async () => {
    const userId = newId();
    const first = newId();
    await authorize(h, { orderId: first, amount: '10.00', customer: { userId } });
    const big = newId();
    await authorize(h, { orderId: big, amount: '100.00', customer: { userId } });
    expect((await intentOf(big)).riskReasons).toEqual(['HIGH_VALUE']);
    const usual = newId();
    await authorize(h, { orderId: usual, amount: '12.00', customer: { userId } });
    expect((await intentOf(usual)).riskReasons).toEqual([]);
  });

  it('counts attempts per card, email and IP within the window', async () => {
    const email = `velocity-${newId()}@example.com`;
    for (let i = 0; i < DEFAULT_RISK.velocityMaxPerEmail; i++)
      await authorize(h, { paymentToken: 'test-card-insufficient-funds', customer: { email } });
    const byEmail = newId();
    await authorize(h, { orderId: byEmail, paymentToken: 'test-card-insufficient-funds', customer: { email } });
    expect((await intentOf(byEmail)).riskReasons).toContain('EMAIL_VELOCITY');
    expect((await intentOf(byEmail)).riskReasons).toContain('CARD_VELOCITY');

    for (let i = 0; i < DEFAULT_RISK.velocityMaxPerCard; i++) await authorize(h, { paymentToken: 'test-card-dispute' });
    const byCard = newId();
    const reply = await authorize(h, { orderId: byCard, paymentToken: 'test-card-dispute' });
    expect(reply).toMatchObject({ status: 'AUTHORIZED', review: true });
    expect((await intentOf(byCard)).riskReasons).toEqual(['CARD_VELOCITY', 'NEW_ACCOUNT']);
  });

  it('rejects above the reject threshold: FAILED with RISK_REJECTED, nothing asked of the provider', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < DEFAULT_RISK.velocityMaxPerIp; i++)
      await authorize(h, { paymentToken: 'test-card-declined', customer: { ip } });
    const orderId = newId();
    const reply = await authorize(h, {
      orderId,
      paymentToken: 'test-card-3ds',
      customer: { ip, email: `x-${newId()}@yopmail.com` },
      billingCountry: 'DE',
      shippingCountry: 'BR',
    });
    expect(reply).toMatchObject({ status: 'FAILED', review: false, error: { code: 'RISK_REJECTED' } });
    const intent = await intentOf(orderId);
    expect(intent).toMatchObject({ riskDecision: 'REJECT', providerReference: null, authorizedAmount: 0n });
    expect(intent.riskReasons).toEqual(['IP_VELOCITY', 'COUNTRY_MISMATCH', 'NEW_ACCOUNT', 'DISPOSABLE_EMAIL']);
    expect(
      await h.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentIntentId, intent.id)),
    ).toEqual([]);
    // A retry answers the same refusal.
    expect(await authorize(h, { orderId })).toEqual(reply);
  });
});
