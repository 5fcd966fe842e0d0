import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import { harnessPerFile, eventually, gid, staff } from '@shop/testing';
import { insertSaga } from '../src/db/checkout-sagas.store';
import { insertOrderWithLines } from '../src/db/orders.store';
import { startOrdersHarness } from './checkout-fixtures';

/**
 * Recovery after a crash mid-saga: the process died after a step, leaving the order PENDING and its saga RUNNING past
 * its deadline. Recovery (the subgraph's background job) must end every such saga: compensate (void, release, order
 * CANCELLED) when the stock was never committed, confirm when it was (commit only follows a successful authorization).
 */
const h = harnessPerFile(() => startOrdersHarness('recovery'));

const MANAGER = staff(['orders:manage']);

/** What a crashed checkout leaves: the order PENDING and its saga RUNNING (deadline passed), after reserve (+ authorize). */
async function crashedCheckout(steps: { authorize: boolean; commit: boolean }) {
  const bus = h.subgraph.deps.bus;
  const variantId = h.variant(5);
  const orderId = newId();
  const userId = randomUUID();
  const reserved = await bus.call('inventory.reserve', {
    idempotencyKey: `checkout:${orderId}:reserve`,
    reference: `order:${orderId}`,
    lines: [{ variantId, quantity: 1 }],
  });
  if (steps.authorize) {
    await bus.call('payments.authorize', {
      idempotencyKey: `checkout:${orderId}:authorize`,
      orderId,
      orderNumber: 'X',
      amount: '24.99',
      currency: 'USD',
      paymentToken: 'test-card-ok',
      customer: { userId, email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
  }
  if (steps.commit) {
    await bus.call('inventory.commit', {
      idempotencyKey: `checkout:${orderId}:commit`,
      reservationId: reserved.reservationId!,
    });
  }
  await h.database.db.transaction(async (tx) => {
    await insertOrderWithLines(
      tx,
      {
        id: orderId,
        number: `CRASH-${orderId.slice(-6)}`,
        userId,
        status: 'PENDING',
        currency: 'USD',
        subtotal: 1999n,
        discountTotal: 0n,
        shipping: 500n,
        tax: 0n,
        total: 2499n,
        discountCodes: [],
      },
      [
        {
          id: newId(),
          orderId,
          position: 0,
          variantId,
          productId: h.variants.get(variantId)!.productId,
          sku: h.variants.get(variantId)!.sku,
          quantity: 1,
          unitPrice: 1999n,
          subtotal: 1999n,
          discounts: [],
          discountTotal: 0n,
          tax: 0n,
          total: 1999n,
        },
      ],
      { id: newId(), actorKind: 'CUSTOMER', actorId: userId, reason: 'checkout started' },
    );
    await insertSaga(tx, {
      orderId,
      state: 'RUNNING',
      reservationId: reserved.reservationId,
      deadline: new Date(Date.now() - 1_000),
    });
  });
  return { orderId, variantId, reservationId: reserved.reservationId! };
}

const statusOf = async (orderId: string) =>
  (
    await h.data<{ order: { status: string } | null }>(
      `query ($id: ID!) { order(id: $id) { status } }`,
      { id: gid('Order', orderId) },
      MANAGER,
    )
  ).order?.status;

const settled = (orderId: string, status: string) =>
  eventually(async () => ((await statusOf(orderId)) === status ? true : undefined), {
    timeoutMs: 30_000,
    what: `order ${orderId} ${status}`,
  });

describe('saga recovery', () => {
  it('compensates a checkout that crashed after authorizing: payment voided, stock released, order CANCELLED', async () => {
    const { orderId, variantId, reservationId } = await crashedCheckout({ authorize: true, commit: false });
    await settled(orderId, 'CANCELLED');
    expect(h.intents.get(orderId)?.status).toBe('VOIDED');
    expect(h.reservations.get(reservationId)?.state).toBe('RELEASED');
    expect(h.held(variantId)).toBe(0);
    expect(h.available(variantId)).toBe(5);
  });

  it('compensates a checkout that crashed after reserving, before any authorization arrived', async () => {
    const { orderId, variantId } = await crashedCheckout({ authorize: false, commit: false });
    await settled(orderId, 'CANCELLED');
    expect(h.held(variantId)).toBe(0);
    // The void was sent anyway: an authorization still in flight is refused once it lands.
    const late = await h.subgraph.deps.bus.call('payments.authorize', {
      idempotencyKey: 'late',
      orderId,
      orderNumber: 'X',
      amount: '24.99',
      currency: 'USD',
      paymentToken: 'test-card-ok',
      customer: { userId: null, email: null, ip: null },
      billingCountry: null,
      shippingCountry: null,
    });
    expect(late.error?.code).toBe('VOIDED');
  });

  it('confirms a checkout that crashed after committing the stock (the payment was authorized): order.placed once', async () => {
    const { orderId, variantId } = await crashedCheckout({ authorize: true, commit: true });
    await settled(orderId, 'CONFIRMED');
    expect(h.intents.get(orderId)?.status).toBe('AUTHORIZED');
    expect(h.available(variantId)).toBe(4);
    expect((await h.outboxEvents('order.placed')).filter((e) => e.subject === orderId)).toHaveLength(1);
  });
});
