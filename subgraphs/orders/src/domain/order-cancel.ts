import { z } from 'zod';
import { fail, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { updateSaga } from '../db/checkout-sagas.store';
import { orderForUpdate } from '../db/orders.store';
import type { OrderRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { type OrdersResult, invalidTransition, orderNotFound, useCase } from './errors';
import { CUSTOMER_CANCELLABLE } from './order-status';
import { transitionOrder, type OrderActor } from './order-transition';
import { orderIdField, reasonField } from './order-validation';
import { releaseReservation } from './saga-steps';
import { mayReadOrdersOf, type Viewer } from './viewer';

const orderCancelInput = z.object({ orderId: orderIdField, reason: reasonField });
export type OrderCancelInput = z.input<typeof orderCancelInput>;

/**
 * orderCancel: the customer until fulfilment starts (PENDING or CONFIRMED), staff with `orders:manage` until delivery.
 * The order, its history and `order.cancelled` commit together; payments consumes that event (void if uncaptured,
 * refund if captured). A checkout still running cannot be cancelled (it ends by itself within its deadline); one
 * waiting for 3-D Secure is ended here, and its stock hold released.
 */
export const cancelOrder = useCase(
  orderCancelInput,
  async (deps: OrdersDeps, viewer: Viewer, { orderId, reason }): Promise<OrdersResult<OrderRow>> => {
    let reservationToRelease: string | null = null;
    const result = await runInTransaction(deps.db, async (tx) => {
      const order = await orderForUpdate(tx, orderId);
      if (!order || !mayReadOrdersOf(viewer, order.userId))
        return fail('NOT_FOUND', orderNotFound().message, ['orderId']);
      const asStaff = viewer.manager;
      if (!asStaff && !CUSTOMER_CANCELLABLE.includes(order.status)) {
        return fail(
          'INVALID_TRANSITION',
          `An order that is ${order.status} can no longer be cancelled by its customer.`,
        );
      }
      let reservationId: string | null = null;
      if (order.status === 'PENDING') {
        const saga = await updateSaga(tx, order.id, ['WAITING'], {
          state: 'FAILED',
          failureCode: 'CANCELLED',
          failureMessage: 'The order was cancelled while its payment waited for the customer.',
        });
        if (!saga) return fail('INVALID_TRANSITION', 'The checkout of this order is still running; try again shortly.');
        reservationId = saga.reservationId;
      }
      const actor: OrderActor = {
        kind: asStaff && viewer.userId !== order.userId ? 'STAFF' : 'CUSTOMER',
        id: viewer.userId,
      };
      const moved = await transitionOrder(deps, tx, order, 'CANCELLED', actor, reason, { reservationId });
      if (!moved.moved) return { ok: false, errors: [invalidTransition(order.status, 'CANCELLED')] };
      reservationToRelease = reservationId;
      return ok(moved.order);
    });
    // After the commit: the hold is given back at once (a failure here leaves it to expire on its own TTL).
    if (result.ok && reservationToRelease)
      await releaseReservation(deps, reservationToRelease, `checkout:${orderId}:release`);
    return result;
  },
);
