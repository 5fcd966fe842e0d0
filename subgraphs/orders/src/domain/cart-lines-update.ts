import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { setLineQuantities } from '../db/cart-lines.store';
import type { CartRow } from '../db/schema';
import { changeCart } from './cart-change';
import { MAX_LINES, quantityField, uuidField } from './cart-input';
import type { OrdersDeps } from './deps';
import { type OrdersResult, useCase, userError } from './errors';
import type { Viewer } from './viewer';

const cartLinesUpdateInput = z.object({
  cartId: uuidField,
  lines: z
    .array(z.object({ id: uuidField, quantity: quantityField }))
    .min(1, 'Give at least one line.')
    .max(MAX_LINES, `Give at most ${MAX_LINES} lines.`),
});

export type CartLinesUpdateInput = z.input<typeof cartLinesUpdateInput>;

/** cartLinesUpdate: new quantities; each changed line's hold is given back and taken again for its new quantity. */
export const updateCartLines = useCase(
  cartLinesUpdateInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> =>
    changeCart(deps, viewer, input.cartId, async (tx, cart, lines) => {
      const byId = new Map(lines.map((line) => [line.id, line]));
      const unknown = input.lines.flatMap((line, index) =>
        byId.has(line.id) ? [] : [userError('LINE_NOT_FOUND', 'This line is not in the cart.', ['lines', index, 'id'])],
      );
      if (unknown.length > 0) return failMany(unknown);
      // The last quantity given for a line wins; lines whose quantity does not change keep their hold.
      const wanted = new Map(input.lines.map((line) => [line.id, line.quantity]));
      const changed = [...wanted.entries()]
        .map(([id, quantity]) => ({ line: byId.get(id)!, quantity }))
        .filter(({ line, quantity }) => line.quantity !== quantity);
      await setLineQuantities(
        tx,
        changed.map(({ line, quantity }) => ({ id: line.id, quantity })),
      );
      return ok({
        released: changed.flatMap(({ line }) => (line.reservationId ? [line.reservationId] : [])),
        holds: changed.map(({ line, quantity }) => ({
          cartId: cart.id,
          lineId: line.id,
          variantId: line.variantId,
          quantity,
        })),
      });
    }),
);
