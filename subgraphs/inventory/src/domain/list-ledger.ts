import { keysetConnection, cursorPart, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { LedgerRow, MovementReason } from '../db/schema';
import { countLedger, findLedgerPage } from '../db/stock.store';
import { namesNoRow } from './list-filters';

export interface LedgerFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  reason?: MovementReason | null;
}

/** \`stockLedger\`: every movement, in the order they were recorded. */
export async function listLedger(
  db: Executor,
  given: LedgerFilterInput | null | undefined,
  args: PageArgs,
): Promise<Connection<LedgerRow>> {
  const filter = {
    variantId: given?.variantId ?? null,
    warehouseId: given?.warehouseId ?? null,
    reason: given?.reason ?? null,
  };
  return keysetConnection(args, {
    cursorLength: 2,
    decode: (values) => cursorPart.integer(cursorPart.tagged(values, 'l')[0]),
    encode: (r) => ['l', r.seq],
    fetch: namesNoRow(given) ? null : (page) => findLedgerPage(db, { filter, ...page }),
    count: () => countLedger(db, filter),
  });
}
