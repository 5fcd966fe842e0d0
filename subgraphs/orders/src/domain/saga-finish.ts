import { formatDecimal } from '@shop/core';
import { runInTransaction, type Tx } from '@shop/db';
import { finishSagaWithOrder, sagaByOrderId, updateSaga } from '../db/checkout-sagas.store';
import { completeIdempotencyKeyOfOrder, idempotencyKeyOfOrderCompletion } from '../db/idempotency-keys.store';
import { linesOfOrders, orderForUpdate, ordersByIds } from '../db/orders.store';
import type { CheckoutSagaRow, OrderRow, SagaState } from '../db/schema';
import type { OrdersDeps } from './deps';
import type { OrdersErrorCode } from './errors';
import { SYSTEM_ACTOR, transitionOrder } from './order-transition';
import {
  commitStock,
  releaseReservation,
  reserveStock,
  StepUnavailable,
  unredeemDiscounts,
  voidPayment,
} from './saga-steps';

/**
 * How a checkout saga ends, whoever drives it (the request, a payment event, recovery): confirmed, or compensated.
 * Every ending is a compare-and-set on the saga's state, so two drivers never both end one saga.
 */

const OPEN: readonly SagaState[] = ['RUNNING', 'WAITING', 'COMPENSATING'];

export type SagaEnding =
  | { kind: 'CONFIRMED'; order: OrderRow }
  | { kind: 'FAILED'; code: OrdersErrorCode; message: string }
  | { kind: 'OPEN'; saga: CheckoutSagaRow };

/**
 * The saga's success, inside `tx`: the order CONFIRMED (history, `order.status_changed`), `order.placed`, the cart
 * closed, the saga DONE. Null when the saga was no longer in `from` (another driver ended it).
 */
export async function confirmInTransaction(
  deps: OrdersDeps,
  tx: Tx,
  orderId: string,
  from: readonly SagaState[],
): Promise<OrderRow | null> {
  // The saga DONE (compare-and-set) and its order locked with its lines: one statement.
  const found = await finishSagaWithOrder(tx, orderId, from);
  if (!found) return null;
  const { order, lines, saga } = found;
  const placedAt = new Date();
  const money = (minor: bigint) => formatDecimal(minor, order.currency);
  // The move, its history, both events, the cart closed and the key answered: one statement.
  const moved = await transitionOrder(deps, tx, order, 'CONFIRMED', SYSTEM_ACTOR, 'checkout completed', {
    placedAt,
    lines,
    also: {
      events: [
        {
          type: 'order.placed',
          subject: orderId,
          actor: { kind: 'user', id: order.userId },
          data: {
            orderId,
            number: order.number,
            userId: order.userId,
            email: saga.email,
            discountCodes: order.discountCodes,
            placedAt: placedAt.toISOString(),
            currency: order.currency,
            total: money(order.total),
            lines: lines.map((line) => ({
              lineId: line.id,
              variantId: line.variantId,
              productId: line.productId,
              sku: line.sku,
              quantity: line.quantity,
              unitPrice: money(line.unitPrice),
              weightGrams: line.weightGrams,
            })),
            shippingAddress: order.shippingAddress,
            shippingRateId: order.shippingRateId,
            allocations: saga.allocations,
          },
        },
      ],
      writes: [
        ...(order.cartId ? [deps.carts.closing(tx, order.cartId)] : []),
        idempotencyKeyOfOrderCompletion(tx, orderId),
      ],
    },
  });
  if (!moved.moved) return null;
  return moved.order;
}

/** Commits the stock, then confirms: the last step of a paid saga. A reservation that ran out compensates instead. */
export async function confirmSaga(
  deps: OrdersDeps,
  saga: CheckoutSagaRow,
  from: readonly SagaState[],
  /** The cart's line holds when the caller knows them (the request read the cart); read again otherwise. */
  cartHolds?: readonly string[],
): Promise<SagaEnding> {
  let committed: boolean;
  try {
    committed = saga.reservationId ? await commitStock(deps, saga.reservationId, saga.orderId) : false;
  } catch (error) {
    // Inventory did not answer: the commit may or may not have happened. The saga stays open; recovery asks again
    // (a committed reservation cannot be released, so it confirms; otherwise it compensates).
    if (error instanceof StepUnavailable) return { kind: 'OPEN', saga };
    throw error;
  }
  if (!committed) {
    return compensateSaga(deps, saga, 'OUT_OF_STOCK', 'The stock hold ran out before the payment completed.');
  }
  const order = await runInTransaction(deps.db, async (tx) => ({
    ok: true as const,
    value: await confirmInTransaction(deps, tx, saga.orderId, from),
  }));
  if (order.ok && order.value) {
    await releaseCartHolds(deps, saga, cartHolds);
    return { kind: 'CONFIRMED', order: order.value };
  }
  return endingOf(deps, saga.orderId);
}

/**
 * Undoes a saga in reverse (void the payment, release the stock), then, inside one transaction, the order CANCELLED
 * (with `order.cancelled`) and the saga FAILED with the userError it answers. When a compensation cannot be done now,
 * the saga stays COMPENSATING with its code and recovery retries it; the caller still answers the failure.
 */
export async function compensateSaga(
  deps: OrdersDeps,
  saga: CheckoutSagaRow,
  code: OrdersErrorCode,
  message: string,
  options: { reserveUnknown?: boolean } = {},
): Promise<SagaEnding> {
  const current = await updateSaga(deps.db, saga.orderId, OPEN, {
    state: 'COMPENSATING',
    failureCode: saga.failureCode ?? code,
    failureMessage: saga.failureMessage ?? message,
  });
  if (!current) return endingOf(deps, saga.orderId);
  const voided = current.reservationId ? await voidPayment(deps, saga.orderId) : true;
  // Codes are taken after the stock, so only a saga that reserved may hold some.
  const unredeemed = voided && current.reservationId ? await giveCodesBack(deps, saga.orderId) : voided;
  const released = !unredeemed
    ? false
    : current.reservationId
      ? await releaseReservation(deps, current.reservationId, `checkout:${saga.orderId}:release`)
      : options.reserveUnknown
        ? await settleLostReservation(deps, saga.orderId)
        : true;
  const failure = {
    code: (current.failureCode ?? code) as OrdersErrorCode,
    message: current.failureMessage ?? message,
  };
  if (!released) return { kind: 'FAILED', ...failure };
  await runInTransaction(deps.db, async (tx) => {
    await failInTransaction(deps, tx, saga.orderId, failure.message);
    return { ok: true as const, value: null };
  });
  return { kind: 'FAILED', ...failure };
}

/** The order's discount codes given back to pricing (nothing to do for an order without codes). */
async function giveCodesBack(deps: OrdersDeps, orderId: string): Promise<boolean> {
  const [order] = await ordersByIds(deps.db, [orderId]);
  return !order || order.discountCodes.length === 0 || unredeemDiscounts(deps, orderId);
}

/** The compensated saga's bookkeeping, inside `tx`: saga FAILED, order CANCELLED, the idempotency key answered. */
export async function failInTransaction(deps: OrdersDeps, tx: Tx, orderId: string, reason: string): Promise<void> {
  const ended = await updateSaga(tx, orderId, ['COMPENSATING'], { state: 'FAILED' });
  if (!ended) return;
  const order = await orderForUpdate(tx, orderId);
  if (order && order.status === 'PENDING') {
    await transitionOrder(deps, tx, order, 'CANCELLED', SYSTEM_ACTOR, reason, { reservationId: ended.reservationId });
  }
  await completeIdempotencyKeyOfOrder(tx, orderId);
}

/** Where a saga stands now, as an ending: what a driver that lost the race answers. */
export async function endingOf(deps: OrdersDeps, orderId: string): Promise<SagaEnding> {
  const saga = await sagaByOrderId(deps.db, orderId);
  if (!saga) return { kind: 'FAILED', code: 'SERVICE_UNAVAILABLE', message: 'The checkout could not be found.' };
  if (saga.state === 'DONE') {
    const [order] = await ordersByIds(deps.db, [orderId]);
    if (order) return { kind: 'CONFIRMED', order };
  }
  if (saga.state === 'FAILED' || (saga.state === 'COMPENSATING' && saga.failureCode)) {
    return {
      kind: 'FAILED',
      code: (saga.failureCode ?? 'SERVICE_UNAVAILABLE') as OrdersErrorCode,
      message: saga.failureMessage ?? 'The checkout failed; nothing was charged.',
    };
  }
  return { kind: 'OPEN', saga };
}

/**
 * A reservation whose outcome is unknown (inventory.reserve timed out, or the process died waiting for it) may exist
 * under the saga's key: asking again with the same key returns it if it does (then it is released), and is refused or
 * creates one (then released at once) if it does not. False while inventory still does not answer.
 */
async function settleLostReservation(deps: OrdersDeps, orderId: string): Promise<boolean> {
  const lines = await linesOfOrders(deps.db, [orderId]);
  if (lines.length === 0) return true;
  const again = await reserveStock(
    deps,
    orderId,
    lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
  );
  if (again.ok) return releaseReservation(deps, again.reservationId, `checkout:${orderId}:release`);
  return again.failure === 'REFUSED';
}

/** The cart's own line holds are superseded by the order's reservation once it is confirmed. */
async function releaseCartHolds(
  deps: OrdersDeps,
  saga: CheckoutSagaRow,
  known: readonly string[] | undefined,
): Promise<void> {
  if (!saga.cartId) return;
  const held = known ?? (await deps.carts.lineReservations(deps.db, saga.cartId));
  await Promise.all(
    held.map((reservationId) =>
      releaseReservation(deps, reservationId, `checkout:${saga.orderId}:cart-hold:${reservationId}`),
    ),
  );
}
