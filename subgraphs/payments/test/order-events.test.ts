import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { paymentIntents } from '../src/db/schema';
import { authorizePayment } from '../src/domain/authorize-payment';
import { authorize, capture, startPaymentsHarness, type PaymentsHarness } from './fixtures';

/** What payments does when orders cancels an order and shipping ships one (events over the real bus, once each). */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsHarness('orderevents');
});
afterAll(async () => {
  await h?.stop();
});

const intentOf = async (orderId: string) =>
  (await h.database.db.select().from(paymentIntents).where(eq(paymentIntents.orderId, orderId)))[0];

const cancel = (orderId: string, id = newId()) =>
  h.deliver(
    'order.cancelled',
    orderId,
    {
      orderId,
      userId: newId(),
      previousStatus: 'CONFIRMED',
      reason: 'Changed my mind',
      reservationId: null,
      actorId: null,
    },
    { id },
  );

const ship = (orderId: string, id = newId()) =>
  h.deliver(
    'shipment.shipped',
    newId(),
    {
      shipmentId: newId(),
      orderId,
      status: 'SHIPPED',
      carrier: 'test',
      trackingNumber: 'T1',
      lines: [{ variantId: newId(), quantity: 1 }],
      orderFullyShipped: true,
      orderFullyDelivered: false,
    },
    { id },
  );

describe('order.cancelled', () => {
  it('voids an uncaptured payment, once, even when the order is cancelled twice', async () => {
    const orderId = newId();
    await authorize(h, { orderId });
    await cancel(orderId);
    await cancel(orderId);
    const intent = await intentOf(orderId);
    expect(intent).toMatchObject({ status: 'VOIDED' });
    expect((await h.outboxEvents('payment.voided')).filter((e) => e.subject === intent!.id)).toHaveLength(1);
  });

  it('refunds a captured payment in full', async () => {
    const orderId = newId();
    await authorize(h, { orderId, amount: '25.00' });
    await capture(h, orderId);
    await cancel(orderId);
    expect(await intentOf(orderId)).toMatchObject({ status: 'REFUNDED', refundedAmount: 2500n });
  });

  it('refuses a late authorization of an order cancelled before it was paid', async () => {
    const orderId = newId();
    await cancel(orderId);
    expect(await authorize(h, { orderId })).toMatchObject({ error: { code: 'VOIDED' } });
  });
});

describe('shipment.shipped', () => {
  it('captures all that is authorized when the order ships (capture on shipment)', async () => {
    const orderId = newId();
    await authorize(h, { orderId, amount: '40.00' });
    await ship(orderId);
    expect(await intentOf(orderId)).toMatchObject({ status: 'CAPTURED', capturedAmount: 4000n });
    // A second shipment of the same order captures nothing more.
    await ship(orderId);
    expect(await intentOf(orderId)).toMatchObject({ capturedAmount: 4000n });
    const intent = await intentOf(orderId);
    expect((await h.outboxEvents('payment.captured')).filter((e) => e.subject === intent!.id)).toHaveLength(1);
  });

  it('leaves a payment held for review uncaptured', async () => {
    const orderId = newId();
    await authorize(h, {
      orderId,
      customer: { email: `r-${newId()}@mailinator.com` },
      billingCountry: 'DE',
      shippingCountry: 'US',
    });
    await ship(orderId);
    expect(await intentOf(orderId)).toMatchObject({
      status: 'AUTHORIZED',
      capturedAmount: 0n,
      reviewStatus: 'PENDING',
    });
  });
});

describe('capture mode IMMEDIATE', () => {
  it('captures an approved authorization at once', async () => {
    const deps = { ...h.deps, config: { ...h.deps.config, captureMode: 'IMMEDIATE' as const } };
    const orderId = newId();
    const reply = await authorizePayment(deps, {
      idempotencyKey: newId(),
      orderId,
      orderNumber: 'T-9',
      amount: '12.00',
      currency: 'EUR',
      paymentToken: 'test-card-ok',
      customer: { userId: newId(), email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
    expect(reply).toMatchObject({ status: 'CAPTURED', error: null });
    expect(await intentOf(orderId)).toMatchObject({ capturedAmount: 1200n });
  });
});
