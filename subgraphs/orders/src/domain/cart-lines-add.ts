import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { changeCart } from './cart-change';
import { sellableVariants, type SellableVariant } from './cart-catalog';
import { linesField, uuidField, type LineInput } from './cart-input';
import { addLines } from './cart-lines-merge';
import type { OrdersDeps } from './deps';
import { type OrdersResult, refuse, useCase, userError } from './errors';
import type { CartRow } from '../db/schema';
import type { Viewer } from './viewer';

const cartLinesAddInput = z.object({ cartId: uuidField, lines: linesField(1) });

export type CartLinesAddInput = z.input<typeof cartLinesAddInput>;

/**
 * The variants of `lines` must be on sale (live variants of ACTIVE products): each one that is not is a
 * VARIANT_NOT_FOUND naming its line; CATALOG_UNAVAILABLE when products did not answer.
 */
export async function checkVariants(
  deps: OrdersDeps,
  lines: readonly LineInput[],
  path = 'lines',
): Promise<OrdersResult<Map<string, SellableVariant>>> {
  if (lines.length === 0) return ok(new Map());
  const sellable = await sellableVariants(
    deps,
    lines.map((line) => line.variantId),
  );
  if (sellable === 'UNAVAILABLE')
    return refuse('CATALOG_UNAVAILABLE', 'The catalog could not be checked just now; try again shortly.', [path]);
  const missing = lines.flatMap((line, index) =>
    sellable.has(line.variantId)
      ? []
      : [userError('VARIANT_NOT_FOUND', 'This variant does not exist or is not on sale.', [path, index, 'variantId'])],
  );
  return missing.length > 0 ? failMany(missing) : ok(sellable);
}

/** cartLinesAdd: adds lines (a variant already in the cart adds to its line) and holds their stock. */
export const addCartLines = useCase(
  cartLinesAddInput,
  async (deps: OrdersDeps, viewer: Viewer, input): Promise<OrdersResult<CartRow>> => {
    const checked = await checkVariants(deps, input.lines);
    if (!checked.ok) return checked;
    return changeCart(deps, viewer, input.cartId, (tx, cart, lines) =>
      addLines(tx, cart.id, lines, input.lines, checked.value),
    );
  },
);
