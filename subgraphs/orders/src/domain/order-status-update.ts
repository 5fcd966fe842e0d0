import { z } from 'zod';
import { fail, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { orderForUpdate } from '../db/orders.store';
import type { OrderRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { type OrdersResult, invalidTransition, orderNotFound, useCase } from './errors';
import { STAFF_SETTABLE } from './order-status';
import { transitionOrder } from './order-transition';
import { orderIdField, orderStatusField, reasonField } from './order-validation';
import type { Viewer } from './viewer';

const orderStatusUpdateInput = z.object({ orderId: orderIdField, status: orderStatusField, reason: reasonField });
export type OrderStatusUpdateInput = z.input<typeof orderStatusUpdateInput>;

/**
 * orderStatusUpdate (staff with `orders:manage`, checked by the shield): moves an order by hand to PROCESSING, SHIPPED,
 * DELIVERED or RETURNED where the state machine allows it. Confirmation, cancellation and refunds have their own paths.
 */
export const updateOrderStatusByStaff = useCase(
  orderStatusUpdateInput,
  async (deps: OrdersDeps, viewer: Viewer, { orderId, status, reason }): Promise<OrdersResult<OrderRow>> =>
    runInTransaction(deps.db, async (tx) => {
      const order = await orderForUpdate(tx, orderId);
      if (!order || !viewer.manager) return fail('NOT_FOUND', orderNotFound().message, ['orderId']);
      if (!STAFF_SETTABLE.includes(status)) {
        return fail('INVALID_TRANSITION', `Staff cannot set ${status} by hand.`, ['status']);
      }
      const moved = await transitionOrder(deps, tx, order, status, { kind: 'STAFF', id: viewer.userId }, reason);
      if (!moved.moved) return { ok: false, errors: [invalidTransition(order.status, status)] };
      return ok(moved.order);
    }),
);
