import { cursorPart, emptyConnection, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
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
  const window = pageWindow(args, 2);
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 'l');
  const cursor = keyset ? cursorPart.integer(keyset[0]) : null;
  if (namesNoRow(given)) return emptyConnection(window);
  const filter = {
    variantId: given?.variantId ?? null,
    warehouseId: given?.warehouseId ?? null,
    reason: given?.reason ?? null,
  };
  const rows = await findLedgerPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (r) => ['l', r.seq],
    () => countLedger(db, filter),
  );
}
