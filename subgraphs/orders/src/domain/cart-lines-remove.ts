import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { deleteLines } from '../db/cart-lines.store';
import type { CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { MAX_LINES, uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { type OrdersResult, useCase, userError } from './errors';
import type { Viewer } from './viewer';

const cartLinesRemoveInput = z.object({
  cartId: uuidField,
  lineIds: z.array(uuidField).min(1, 'Give at least one line.').max(MAX_LINES, `Give at most ${MAX_LINES} lines.`),
});

export type CartLinesRemoveInput = z.input<typeof cartLinesRemoveInput>;

/** cartLinesRemove: the lines go and their holds are given back. */
export const removeCartLines = useCase(
  cartLinesRemoveInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> =>
    changeCart(deps, viewer, input.cartId, async (tx, cart, lines) => {
      const inCart = new Set(lines.map((line) => line.id));
      const unknown = input.lineIds.flatMap((id, index) =>
        inCart.has(id) ? [] : [userError('LINE_NOT_FOUND', 'This line is not in the cart.', ['lineIds', index])],
      );
      if (unknown.length > 0) return failMany(unknown);
      const removed = await deleteLines(tx, cart.id, input.lineIds);
      return ok({ released: removed.flatMap((line) => (line.reservationId ? [line.reservationId] : [])) });
    }),
);
