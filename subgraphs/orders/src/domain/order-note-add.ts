import { z } from 'zod';
import { fail, newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { insertOrderNote, orderForUpdate } from '../db/orders.store';
import type { OrderNoteRow, OrderRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { type OrdersResult, orderNotFound, useCase } from './errors';
import { noteBodyField, orderIdField } from './order-validation';
import type { Viewer } from './viewer';

const orderNoteAddInput = z.object({ orderId: orderIdField, body: noteBodyField });
export type OrderNoteAddInput = z.input<typeof orderNoteAddInput>;

/** orderNoteAdd (staff with `orders:manage`): an internal note on an order. */
export const addOrderNote = useCase(
  orderNoteAddInput,
  async (
    deps: OrdersDeps,
    viewer: Viewer,
    { orderId, body },
  ): Promise<OrdersResult<{ note: OrderNoteRow; order: OrderRow }>> =>
    runInTransaction(deps.db, async (tx) => {
      const order = await orderForUpdate(tx, orderId);
      if (!order || !viewer.manager || !viewer.userId) {
        return fail('NOT_FOUND', orderNotFound().message, ['orderId']);
      }
      const note = await insertOrderNote(tx, { id: newId(), orderId, authorId: viewer.userId, body });
      return ok({ note, order });
    }),
);
