import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { fail, failMany, formatDecimal, newId, ok, parseDecimal } from '@shop/core';
import { constraintViolationOf, runInTransaction, writeInOneStatement } from '@shop/db';
import { sagaInsert, updateSaga } from '../db/checkout-sagas.store';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  forgetIdempotencyKey,
  idempotencyKeyBinding,
  idempotencyKeyOf,
} from '../db/idempotency-keys.store';
import { orderWithLinesInserts, ordersByIds } from '../db/orders.store';
import type { CheckoutSagaRow, IdempotencyKeyRow, OrderRow } from '../db/schema';
import type { CheckoutCart } from './checkout-cart';
import { quoteCheckout, type CheckoutQuote } from './checkout-quote';
import type { OrdersDeps } from './deps';
import { userError, type OrdersErrorCode, type OrdersResult, type OrdersUserError } from './errors';
import { newOrderNumber } from './order-number';
import { compensateSaga, confirmSaga, endingOf, type SagaEnding } from './saga-finish';
import { authorizePayment, redeemDiscounts, releaseReservation, reserveStock } from './saga-steps';
import { parseInput } from './errors';
import type { Viewer } from './viewer';

const checkoutCompleteInput = z.object({
  cartId: z.uuid('There is no such cart.'),
  paymentMethod: z.object({
    token: z.string().trim().min(1, 'Give a payment token.').max(200, 'Use at most 200 characters.'),
  }),
  idempotencyKey: z.string().min(1, 'Give an idempotency key.').max(200, 'Use at most 200 characters.'),
  expectedTotal: z.string().nullish(),
});
export type CheckoutCompleteInput = z.input<typeof checkoutCompleteInput>;

/** What checkoutComplete answers: the order (CONFIRMED, or PENDING awaiting 3-D Secure), the pending action, errors. */
export interface CheckoutAnswer {
  order: OrderRow | null;
  paymentAction: { type: string; url: string } | null;
  errors: OrdersUserError[];
}

/**
 * The answer as a use-case result plus the fields a failure still carries: a PENDING order waiting for 3-D Secure
 * comes back beside its PAYMENT_REQUIRES_ACTION error; a failed checkout has no order.
 */
export function checkoutResult(answer: CheckoutAnswer): {
  result: OrdersResult<{ order: OrderRow; paymentAction: null }>;
  failed: { order: OrderRow | null; paymentAction: CheckoutAnswer['paymentAction'] };
} {
  const result =
    answer.errors.length === 0 && answer.order
      ? ok({ order: answer.order, paymentAction: null })
      : failMany(answer.errors);
  return { result, failed: { order: answer.order, paymentAction: answer.paymentAction } };
}

const refused = (code: OrdersErrorCode, message: string, path: (string | number)[] | null = null): CheckoutAnswer => ({
  order: null,
  paymentAction: null,
  errors: [userError(code, message, path)],
});

/** Refusals worth retrying with the same key at once: the key is forgotten rather than replaying them. */
const TRANSIENT: readonly OrdersErrorCode[] = ['SERVICE_UNAVAILABLE'];

/**
 * checkoutComplete (DESIGN.md §4). Idempotent with Stripe semantics, per user: the first call with a key claims it; a
 * later call with the same key and body replays its answer (waiting, bounded, while it still runs), with another body
 * it is IDEMPOTENCY_CONFLICT and does nothing.
 */
export async function completeCheckout(
  deps: OrdersDeps,
  viewer: Viewer,
  input: CheckoutCompleteInput,
): Promise<CheckoutAnswer> {
  const parsed = parseInput(checkoutCompleteInput, input);
  if (!parsed.ok) return { order: null, paymentAction: null, errors: parsed.errors };
  const userId = viewer.userId;
  if (!userId) return refused('CART_NOT_FOUND', 'Sign in to check out.', ['cartId']);
  const { cartId, paymentMethod, idempotencyKey, expectedTotal } = parsed.value;
  const requestHash = createHash('sha256')
    .update(JSON.stringify([cartId, paymentMethod.token, expectedTotal ?? null]))
    .digest('hex');
  const claim = await claimIdempotencyKey(deps.db, {
    userId,
    key: idempotencyKey,
    requestHash,
    ttlMs: deps.checkout.idempotencyTtlMs,
  });
  if (!claim.claimed) return replay(deps, claim.row, requestHash);
  let answer: CheckoutAnswer;
  try {
    answer = await runCheckout(deps, userId, { cartId, token: paymentMethod.token, idempotencyKey, expectedTotal });
  } catch (error) {
    // A bug or an outage mid-way: an order-bound key is answered by the saga (recovery ends it); an unbound one is freed.
    const row = await idempotencyKeyOf(deps.db, userId, idempotencyKey);
    if (row && !row.orderId) await forgetIdempotencyKey(deps.db, userId, idempotencyKey);
    throw error;
  }
  return answer;
}

interface CheckoutRequest {
  cartId: string;
  token: string;
  idempotencyKey: string;
  expectedTotal: string | null | undefined;
}

async function runCheckout(deps: OrdersDeps, userId: string, request: CheckoutRequest): Promise<CheckoutAnswer> {
  const before = async (code: OrdersErrorCode, message: string, path: (string | number)[] | null = null) => {
    if (TRANSIENT.includes(code)) await forgetIdempotencyKey(deps.db, userId, request.idempotencyKey);
    else await completeIdempotencyKey(deps.db, userId, request.idempotencyKey, [userError(code, message, path)]);
    return refused(code, message, path);
  };
  const cart = await deps.carts.forCheckout(deps.db, request.cartId);
  if (!cart || cart.userId !== userId) return before('CART_NOT_FOUND', 'There is no such open cart.', ['cartId']);
  if (cart.lines.length === 0) return before('CART_EMPTY', 'The cart has no lines.', ['cartId']);
  const [quoted, email] = await Promise.all([quoteCheckout(deps, cart, userId), emailOf(deps, userId)]);
  if (!quoted.ok) return before(quoted.code, quoted.message);
  const quote = quoted.quote;
  if (request.expectedTotal != null && !sameAmount(request.expectedTotal, quote)) {
    return before('PRICE_CHANGED', 'The total changed; review the cart and try again.', ['expectedTotal']);
  }
  const started = await startSaga(deps, userId, cart, quote, email, request.idempotencyKey);
  if (started === 'CLOSED') return before('CART_NOT_FOUND', 'There is no such open cart.', ['cartId']);
  if (started === 'BUSY') {
    // Another checkout of this cart (under another key) is under way: it decides; this key may be used again.
    await forgetIdempotencyKey(deps.db, userId, request.idempotencyKey);
    return refused('IN_PROGRESS', 'Another checkout of this cart is still running; ask again shortly.', ['cartId']);
  }
  return answerOf(deps, await driveSaga(deps, started, cart, quote, request.token, email));
}

/**
 * The order PENDING, its lines and history, and the saga record: one statement (DESIGN.md §4 step 3). The cart row is
 * locked in it and must still be OPEN with no checkout under way: one cart is one order and one charge, however many
 * keys check it out at once ('CLOSED': checked out or merged meanwhile; 'BUSY': another checkout of it is running).
 */
async function startSaga(
  deps: OrdersDeps,
  userId: string,
  cart: CheckoutCart,
  quote: CheckoutQuote,
  email: string | null,
  idempotencyKey: string,
): Promise<{ order: OrderRow; saga: CheckoutSagaRow } | 'CLOSED' | 'BUSY'> {
  const orderId = newId();
  const order = {
    id: orderId,
    number: newOrderNumber(),
    userId,
    status: 'PENDING' as const,
    currency: quote.currency,
    subtotal: quote.subtotal,
    discountTotal: quote.discountTotal,
    shipping: quote.shipping,
    tax: quote.tax,
    total: quote.total,
    discountCodes: quote.discountCodes,
    shippingAddress: cart.shippingAddress,
    shippingRateId: quote.shippingRateId,
    shippingMethodName: quote.shippingMethodName,
    cartId: cart.id,
  };
  const deadline = new Date(Date.now() + deps.checkout.sagaDeadlineMs);
  const claim = () =>
    runInTransaction(deps.db, async (tx) => {
      // The cart locked while still OPEN, the order, its lines and history, the saga and the key's binding: one
      // statement. A second checkout of the cart waits on the lock, then meets this one's open saga (BUSY).
      const [cartOpen] = await writeInOneStatement(tx, [
        deps.carts.keepingOpen(tx, cart.id),
        ...orderWithLinesInserts(
          tx,
          order,
          quote.lines.map((line, position) => ({ id: newId(), orderId, position, ...line })),
          { id: newId(), actorKind: 'CUSTOMER', actorId: userId, reason: 'checkout started' },
        ),
        sagaInsert(tx, { orderId, cartId: cart.id, state: 'RUNNING', deadline, email }),
        idempotencyKeyBinding(tx, userId, idempotencyKey, orderId),
      ]);
      if (cartOpen !== 1) return fail<OrdersErrorCode>('CART_NOT_FOUND', 'closed');
      return ok(null);
    });
  let claimed: Awaited<ReturnType<typeof claim>>;
  for (let attempt = 1; ; attempt++) {
    try {
      claimed = await claim();
      break;
    } catch (error) {
      const constraint = constraintViolationOf(error)?.constraint;
      if (constraint === 'checkout_sagas_open_cart_key') return 'BUSY';
      // Two orders drew the same random number (about one in a billion a day each): draw again.
      if (attempt >= 5 || constraint !== 'orders_number_key') throw error;
      order.number = newOrderNumber();
    }
  }
  if (!claimed.ok) return 'CLOSED';
  const now = new Date();
  return {
    order: { ...order, placedAt: null, createdAt: now, updatedAt: now },
    saga: {
      orderId,
      cartId: cart.id,
      state: 'RUNNING',
      reservationId: null,
      allocations: [],
      paymentIntentId: null,
      paymentAction: null,
      email,
      failureCode: null,
      failureMessage: null,
      deadline,
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/** Reserve → authorize → confirm, compensating in reverse on any failure (saga-finish.ts). */
async function driveSaga(
  deps: OrdersDeps,
  started: { order: OrderRow; saga: CheckoutSagaRow },
  cart: CheckoutCart,
  quote: CheckoutQuote,
  token: string,
  email: string | null,
): Promise<SagaEnding> {
  const { order } = started;
  const lines = quote.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity }));
  let reserved = await reserveStock(deps, order.id, lines);
  const cartHolds = cart.lines.flatMap((line) => (line.reservationId ? [line.reservationId] : []));
  if (!reserved.ok && reserved.failure === 'REFUSED' && cartHolds.length > 0) {
    // The cart's own holds may be what stands in the way: give them up and ask once more, under a new key.
    await Promise.all(cartHolds.map((id) => releaseReservation(deps, id, `checkout:${order.id}:cart-hold:${id}`)));
    reserved = await reserveStock(deps, order.id, lines, 'retry');
  }
  if (!reserved.ok) {
    const code = reserved.failure === 'REFUSED' ? 'OUT_OF_STOCK' : 'SERVICE_UNAVAILABLE';
    const message =
      reserved.failure === 'REFUSED'
        ? 'Not enough stock for some items; nothing was reserved or charged.'
        : 'Stock could not be checked right now; nothing was charged.';
    return compensateSaga(deps, started.saga, code, message, { reserveUnknown: reserved.failure === 'UNAVAILABLE' });
  }
  // One statement, no transaction needed: the saga records its reservation (compare-and-set on RUNNING).
  const saga = {
    value: await updateSaga(deps.db, order.id, ['RUNNING'], {
      reservationId: reserved.reservationId,
      allocations: reserved.allocations,
    }),
  };
  if (!saga.value) {
    await releaseReservation(deps, reserved.reservationId, `checkout:${order.id}:release`);
    return endingOf(deps, order.id);
  }
  const codes = await redeemDiscounts(deps, order);
  if (codes !== 'REDEEMED') {
    return codes === 'REFUSED'
      ? compensateSaga(
          deps,
          saga.value,
          'DISCOUNT_INVALID',
          'A discount code can no longer be used; nothing was charged.',
        )
      : compensateSaga(
          deps,
          saga.value,
          'SERVICE_UNAVAILABLE',
          'Discounts could not be checked right now; nothing was charged.',
        );
  }
  const payment = await authorizePayment(deps, {
    orderId: order.id,
    orderNumber: order.number,
    amount: formatAmount(quote),
    currency: quote.currency,
    paymentToken: token,
    customer: { userId: order.userId, email, ip: null },
    billingCountry: null,
    shippingCountry: cart.shippingAddress?.country ?? null,
  });
  switch (payment.kind) {
    case 'AUTHORIZED':
      return confirmSaga(deps, { ...saga.value, paymentIntentId: payment.paymentIntentId }, ['RUNNING'], cartHolds);
    case 'REQUIRES_ACTION': {
      const waiting = await updateSaga(deps.db, order.id, ['RUNNING'], {
        state: 'WAITING',
        paymentIntentId: payment.paymentIntentId,
        paymentAction: payment.action,
        deadline: new Date(Date.now() + deps.checkout.actionDeadlineMs),
      });
      if (waiting) return { kind: 'OPEN', saga: waiting };
      return endingOf(deps, order.id);
    }
    case 'DECLINED':
      return compensateSaga(deps, saga.value, 'PAYMENT_DECLINED', `The payment was declined: ${payment.message}`);
    case 'UNAVAILABLE':
      return compensateSaga(
        deps,
        saga.value,
        'PAYMENT_UNAVAILABLE',
        'The payment provider did not answer; nothing was charged.',
      );
  }
}

/** What the payment is for, in the quote's currency: the order's total. */
const formatAmount = (quote: CheckoutQuote): string => formatDecimal(quote.total, quote.currency);

/** Whether the client's `expectedTotal` is the server's total (a malformed one never is). */
function sameAmount(expected: string, quote: CheckoutQuote): boolean {
  try {
    return parseDecimal(expected, quote.currency) === quote.total;
  } catch {
    return false;
  }
}

/** The buyer's email for `order.placed` and the risk rules; null when users does not answer (checkout goes on). */
async function emailOf(deps: OrdersDeps, userId: string): Promise<string | null> {
  try {
    const answer = await deps.bus.call(
      'users.get',
      { idempotencyKey: newId(), userIds: [userId] },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    return answer.users[0]?.email ?? null;
  } catch {
    return null;
  }
}

/** An ending as checkoutComplete's answer. */
async function answerOf(deps: OrdersDeps, ending: SagaEnding): Promise<CheckoutAnswer> {
  switch (ending.kind) {
    case 'CONFIRMED':
      return { order: ending.order, paymentAction: null, errors: [] };
    case 'FAILED':
      return refused(ending.code, ending.message);
    case 'OPEN': {
      if (ending.saga.state !== 'WAITING') {
        return refused('IN_PROGRESS', 'The checkout is still running; ask again shortly for its result.');
      }
      const [order] = await ordersByIds(deps.db, [ending.saga.orderId]);
      return {
        order: order ?? null,
        paymentAction: ending.saga.paymentAction,
        errors: [
          userError('PAYMENT_REQUIRES_ACTION', 'Complete the payment step (3-D Secure) to confirm the order.', null),
        ],
      };
    }
  }
}

/**
 * A second call with a claimed key: a different body is a conflict (nothing done); the same body gets the first call's
 * answer, waiting (bounded) while it still runs, then IN_PROGRESS.
 */
async function replay(deps: OrdersDeps, first: IdempotencyKeyRow, requestHash: string): Promise<CheckoutAnswer> {
  if (first.requestHash !== requestHash) {
    return refused(
      'IDEMPOTENCY_CONFLICT',
      'This idempotency key was used with another cart or payment method; nothing was done.',
      ['idempotencyKey'],
    );
  }
  const giveUpAt = Date.now() + deps.checkout.idempotencyWaitMs;
  let row: IdempotencyKeyRow | null = first;
  for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
    if (!row) return refused('IN_PROGRESS', 'The first checkout with this key is still running; ask again shortly.');
    if (row.response) return { order: null, paymentAction: null, errors: row.response as OrdersUserError[] };
    if (row.orderId) {
      const ending = await endingOf(deps, row.orderId);
      if (ending.kind !== 'OPEN' || ending.saga.state === 'WAITING') return answerOf(deps, ending);
    }
    if (Date.now() >= giveUpAt) {
      return refused('IN_PROGRESS', 'The first checkout with this key is still running; ask again shortly.');
    }
    await sleep(pause);
    row = await idempotencyKeyOf(deps.db, row.userId, row.key);
  }
}
