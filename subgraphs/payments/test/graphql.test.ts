import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { harnessPerFile, ANONYMOUS, customer, gid, rawId, staff, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { paymentIntents } from '../src/db/schema';
import { authorize, capture, startPaymentsHarness } from './fixtures';

/**
 * The GraphQL API of payments on real PostgreSQL and NATS: who sees `Order.payments` and payment entities, the
 * staff list, capture/void/refund/review mutations and their userErrors, 3-D Secure completion and reconciliation.
 */
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';

const h = harnessPerFile(() => startPaymentsHarness('graphql'));

const MANAGER = staff(['payments:manage']);
const OTHER_STAFF = staff(['catalog:write']);

interface Payment {
  id: string;
  status: string;
  capturedAmount: { amount: string; currencyCode: string };
  refundedAmount: { amount: string };
  reviewStatus: string;
  risk: { score: number; decision: string; reasons: string[] } | null;
  ledger: { kind: string; amount: { amount: string } }[];
}
const PAYMENT = `id status capturedAmount { amount currencyCode } refundedAmount { amount } reviewStatus risk { score decision reasons } ledger { kind amount { amount } }`;

/** An authorized payment of a fresh order placed by `userId`. */
async function paid(userId: string, input: Parameters<typeof authorize>[1] = {}) {
  const orderId = newId();
  const reply = await authorize(h, { orderId, ...input, customer: { userId, ...input.customer } });
  return { orderId, paymentId: gid('PaymentIntent', reply.paymentIntentId!), reply };
}

const orderPayments = (orderId: string, caller = ANONYMOUS) =>
  h.data<{ _entities: { payments: Payment[] }[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { payments { ${PAYMENT} } } } }`,
    { r: [{ __typename: 'Order', id: gid('Order', orderId) }] },
    caller,
  );

const mutate = async <K extends string>(
  field: K,
  inputType: string,
  input: Record<string, unknown>,
  select: string,
) => {
  const data = await h.data<Record<K, Record<string, unknown> & { userErrors: UserErrorBody[] }>>(
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${select} ${USER_ERRORS} } }`,
    { input },
    MANAGER,
  );
  return data[field];
};

describe('Order.payments and PaymentIntent entities', () => {
  it('shows the payments of an order to its owner and payments staff only, _entities included', async () => {
    const owner = customer();
    const { orderId, paymentId } = await paid(owner.userId);
    const mine = await orderPayments(orderId, owner);
    expect(mine._entities[0]!.payments).toEqual([
      expect.objectContaining({ id: paymentId, status: 'AUTHORIZED', risk: null, ledger: [] }),
    ]);
    for (const stranger of [customer(), ANONYMOUS, OTHER_STAFF])
      expect((await orderPayments(orderId, stranger))._entities[0]!.payments).toEqual([]);
    const asStaff = (await orderPayments(orderId, MANAGER))._entities[0]!.payments[0]!;
    expect(asStaff.risk).toEqual({ score: 15, decision: 'APPROVE', reasons: ['NEW_ACCOUNT'] });
    expect(asStaff.ledger).toEqual([{ kind: 'AUTHORIZATION', amount: { amount: '100.00' } }]);

    const entity = (caller = ANONYMOUS) =>
      h.data<{ _entities: ({ id: string } | null)[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PaymentIntent { id } } }`,
        { r: [{ __typename: 'PaymentIntent', id: paymentId }] },
        caller,
      );
    expect((await entity(owner))._entities).toEqual([{ id: paymentId }]);
    expect((await entity(MANAGER))._entities).toEqual([{ id: paymentId }]);
    expect((await entity(customer()))._entities).toEqual([null]);
    expect((await entity(ANONYMOUS))._entities).toEqual([null]);
  });
});

describe('staff payments(filter)', () => {
  it('lists newest first, filters by order and status, and pages both ways', async () => {
    const user = newId();
    const a = await paid(user);
    const b = await paid(user, { paymentToken: 'test-card-declined' });
    const byOrder = await h.data<{ payments: { totalCount: number; nodes: { id: string }[] } }>(
      `query ($f: PaymentFilter) { payments(filter: $f) { totalCount nodes { id } } }`,
      { f: { orderId: gid('Order', b.orderId) } },
      MANAGER,
    );
    expect(byOrder.payments).toEqual({ totalCount: 1, nodes: [{ id: b.paymentId }] });
    const failed = await h.data<{ payments: { nodes: { id: string; status: string }[] } }>(
      `{ payments(filter: { status: FAILED }, first: 100) { nodes { id status } } }`,
      {},
      MANAGER,
    );
    expect(failed.payments.nodes.map((n) => n.id)).toContain(b.paymentId);
    expect(failed.payments.nodes.every((n) => n.status === 'FAILED')).toBe(true);

    const page1 = await h.data<{ payments: { nodes: { id: string }[]; pageInfo: { endCursor: string } } }>(
      `{ payments(first: 1) { nodes { id } pageInfo { endCursor } } }`,
      {},
      MANAGER,
    );
    expect(page1.payments.nodes).toEqual([{ id: b.paymentId }]);
    const page2 = await h.data<{ payments: { nodes: { id: string }[] } }>(
      `query ($after: String) { payments(first: 1, after: $after) { nodes { id } } }`,
      { after: page1.payments.pageInfo.endCursor },
      MANAGER,
    );
    expect(page2.payments.nodes).toEqual([{ id: a.paymentId }]);
    const bad = await h.request(`{ payments(first: 1, after: "nonsense") { nodes { id } } }`, {}, MANAGER);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses customers and staff without payments:manage', async () => {
    for (const caller of [customer(), OTHER_STAFF, ANONYMOUS]) {
      const res = await h.request(`{ payments(first: 1) { totalCount } }`, {}, caller);
      expect(res.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
  });
});

describe('paymentCapture, paymentVoid and refundCreate', () => {
  it('captures a part, refunds a part, and says why it refuses', async () => {
    const { paymentId } = await paid(newId(), { amount: '80.00' });
    const select = `payment { ${PAYMENT} }`;
    expect(
      (await mutate('paymentCapture', 'PaymentCaptureInput', { paymentId, amount: '100.00' }, select)).userErrors,
    ).toEqual([expect.objectContaining({ code: 'EXCEEDS_AUTHORIZED', field: ['input', 'amount'] })]);
    expect(
      (await mutate('paymentCapture', 'PaymentCaptureInput', { paymentId, amount: '1.001' }, select)).userErrors,
    ).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'amount'] })]);
    const captured = await mutate('paymentCapture', 'PaymentCaptureInput', { paymentId, amount: '50.00' }, select);
    expect(captured).toMatchObject({
      payment: { status: 'PARTIALLY_CAPTURED', capturedAmount: { amount: '50.00', currencyCode: 'EUR' } },
      userErrors: [],
    });
    const refundSelect = `refund { id amount { amount } reason } payment { status refundedAmount { amount } }`;
    expect(
      (await mutate('refundCreate', 'RefundCreateInput', { paymentId, amount: '60.00' }, refundSelect)).userErrors,
    ).toEqual([expect.objectContaining({ code: 'EXCEEDS_CAPTURED', field: ['input', 'amount'] })]);
    const refunded = await mutate(
      'refundCreate',
      'RefundCreateInput',
      { paymentId, amount: '20.00', reason: 'Damaged box' },
      refundSelect,
    );
    expect(refunded).toMatchObject({
      refund: { amount: { amount: '20.00' }, reason: 'Damaged box' },
      payment: { status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '20.00' } },
      userErrors: [],
    });
    expect(
      (await mutate('refundCreate', 'RefundCreateInput', { paymentId, reason: 'x'.repeat(10_000) }, refundSelect))
        .userErrors,
    ).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'reason'] })]);
    expect((await mutate('paymentVoid', 'PaymentVoidInput', { paymentId }, select)).userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_CAPTURED' }),
    ]);
  });

  it('voids an authorization and answers NOT_FOUND for unknown payments', async () => {
    const { paymentId } = await paid(newId());
    const voided = await mutate('paymentVoid', 'PaymentVoidInput', { paymentId }, `payment { status }`);
    expect(voided).toEqual({ payment: { status: 'VOIDED' }, userErrors: [] });
    for (const [field, type] of [
      ['paymentCapture', 'PaymentCaptureInput'],
      ['paymentVoid', 'PaymentVoidInput'],
      ['refundCreate', 'RefundCreateInput'],
      ['paymentReviewApprove', 'PaymentReviewApproveInput'],
      ['paymentReviewReject', 'PaymentReviewRejectInput'],
    ] as const) {
      const result = await mutate(field, type, { paymentId: gid('PaymentIntent', newId()) }, '');
      expect(result.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    }
  });
});

describe('risk review', () => {
  const risky = { customer: { email: `r-${newId()}@mailinator.com` }, billingCountry: 'DE', shippingCountry: 'US' };

  it('lists held payments for review; capture waits for approval', async () => {
    const { orderId, paymentId, reply } = await paid(newId(), risky);
    expect(reply.review).toBe(true);
    const queue = await h.data<{ paymentsForReview: { nodes: { id: string; reviewStatus: string }[] } }>(
      `{ paymentsForReview(first: 100) { nodes { id reviewStatus } } }`,
      {},
      MANAGER,
    );
    expect(queue.paymentsForReview.nodes).toContainEqual({ id: paymentId, reviewStatus: 'PENDING' });
    expect(await capture(h, orderId)).toMatchObject({ error: { code: 'UNDER_REVIEW' } });
    const select = `payment { reviewStatus status }`;
    expect(await mutate('paymentCapture', 'PaymentCaptureInput', { paymentId }, select)).toMatchObject({
      userErrors: [expect.objectContaining({ code: 'UNDER_REVIEW' })],
    });
    expect(await mutate('paymentReviewApprove', 'PaymentReviewApproveInput', { paymentId }, select)).toEqual({
      payment: { reviewStatus: 'APPROVED', status: 'AUTHORIZED' },
      userErrors: [],
    });
    expect(await mutate('paymentReviewApprove', 'PaymentReviewApproveInput', { paymentId }, select)).toMatchObject({
      userErrors: [expect.objectContaining({ code: 'INVALID_STATE' })],
    });
    expect(await capture(h, orderId)).toMatchObject({ status: 'CAPTURED', error: null });
    const after = await h.data<{ paymentsForReview: { nodes: { id: string }[] } }>(
      `{ paymentsForReview(first: 100) { nodes { id } } }`,
      {},
      MANAGER,
    );
    expect(after.paymentsForReview.nodes.map((n) => n.id)).not.toContain(paymentId);
  });

  it('rejecting a held payment voids it', async () => {
    const { orderId, paymentId } = await paid(newId(), risky);
    expect(
      await mutate(
        'paymentReviewReject',
        'PaymentReviewRejectInput',
        { paymentId, reason: 'Looks stolen' },
        `payment { reviewStatus status }`,
      ),
    ).toEqual({ payment: { reviewStatus: 'REJECTED', status: 'VOIDED' }, userErrors: [] });
    expect((await h.outboxEvents('payment.voided')).filter((e) => e.subject === rawId(paymentId))).toHaveLength(1);
    expect(await capture(h, orderId)).toMatchObject({ error: { code: 'NOT_CAPTURABLE' } });
  });
});

describe('paymentActionComplete', () => {
  const COMPLETE = `mutation ($input: PaymentActionCompleteInput!) { paymentActionComplete(input: $input) { payment { id status action { type } } ${USER_ERRORS} } }`;
  type Complete = { paymentActionComplete: { payment: { status: string } | null; userErrors: UserErrorBody[] } };

  it('authorizes a 3-D Secure payment for its owner only and emits payment.authorized', async () => {
    const owner = customer();
    const { paymentId, reply } = await paid(owner.userId, { paymentToken: 'test-card-3ds' });
    expect(reply.status).toBe('REQUIRES_ACTION');
    for (const other of [customer(), MANAGER]) {
      const refused = await h.data<Complete>(COMPLETE, { input: { paymentId } }, other);
      expect(refused.paymentActionComplete.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    }
    const anonymous = await h.request(COMPLETE, { input: { paymentId } }, ANONYMOUS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const done = await h.data<Complete>(COMPLETE, { input: { paymentId } }, owner);
    expect(done.paymentActionComplete).toEqual({
      payment: { id: paymentId, status: 'AUTHORIZED', action: null },
      userErrors: [],
    });
    const events = (await h.outboxEvents('payment.authorized')).filter((e) => e.subject === rawId(paymentId));
    expect(events).toHaveLength(1);
    const again = await h.data<Complete>(COMPLETE, { input: { paymentId } }, owner);
    expect(again.paymentActionComplete.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });
});

describe('paymentsReconciliation', () => {
  const RECONCILE = `query ($from: DateTime!, $to: DateTime!) { paymentsReconciliation(from: $from, to: $to) {
    totals { currencyCode authorized { amount } captured { amount } refunded { amount } net { amount } entries }
    mismatches { payment { id } total recorded { amount } ledger { amount } } } }`;
  type Reconciliation = {
    paymentsReconciliation: {
      totals: { currencyCode: string; captured: { amount: string }; entries: number }[];
      mismatches: {
        payment: { id: string };
        total: string;
        recorded: { amount: string };
        ledger: { amount: string };
      }[];
    };
  };

  it('sums the ledger per currency and finds payments that disagree with it', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { orderId, paymentId } = await paid(newId(), { amount: '1000', currency: 'JPY' });
    await capture(h, orderId, '400');
    const to = new Date(Date.now() + 60_000).toISOString();
    const before = await h.data<Reconciliation>(RECONCILE, { from, to }, MANAGER);
    const jpy = before.paymentsReconciliation.totals.find((t) => t.currencyCode === 'JPY');
    expect(jpy).toMatchObject({ captured: { amount: '400' }, entries: 2 });
    expect(before.paymentsReconciliation.mismatches).toEqual([]);

    await h.database.db.update(paymentIntents).set({ capturedAmount: 500n }).where(eq(paymentIntents.orderId, orderId));
    const after = await h.data<Reconciliation>(RECONCILE, { from, to }, MANAGER);
    expect(after.paymentsReconciliation.mismatches).toEqual([
      { payment: { id: paymentId }, total: 'CAPTURED', recorded: { amount: '500' }, ledger: { amount: '400' } },
    ]);
    const inverted = await h.request(RECONCILE, { from: to, to: from }, MANAGER);
    expect(inverted.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Refund entities', () => {
  it('shows a refund to whoever may see its payment, and null to anyone else', async () => {
    const owner = customer();
    const { paymentId, orderId } = await paid(owner.userId, { amount: '10.00' });
    await capture(h, orderId);
    const created = await mutate('refundCreate', 'RefundCreateInput', { paymentId, amount: '1.00' }, 'refund { id }');
    const refundId = (created.refund as { id: string }).id;
    const entity = (caller = ANONYMOUS) =>
      h.data<{ _entities: ({ id: string } | null)[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Refund { id } } }`,
        { r: [{ __typename: 'Refund', id: refundId }] },
        caller,
      );
    expect((await entity(owner))._entities).toEqual([{ id: refundId }]);
    expect((await entity(MANAGER))._entities).toEqual([{ id: refundId }]);
    expect((await entity(customer()))._entities).toEqual([null]);
    expect((await entity(OTHER_STAFF))._entities).toEqual([null]);
  });
});
