import { cursorPart, emptyConnection, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { StockView } from '../db/schema';
import { countStock, findStockPage, type StockFilterSpec } from '../db/stock.store';
import { namesNoRow } from './list-filters';

export interface StockLevelFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  lowStockOnly?: boolean | null;
}

/** \`stockLevels\` and \`lowStockItems\`: by variant, then warehouse. */
export async function listStockLevels(
  db: Executor,
  given: StockLevelFilterInput | null | undefined,
  args: PageArgs,
): Promise<Connection<StockView>> {
  const window = pageWindow(args, 3);
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 's');
  const cursor = keyset ? { variantId: cursorPart.uuid(keyset[0]), warehouseId: cursorPart.uuid(keyset[1]) } : null;
  if (namesNoRow(given)) return emptyConnection(window);
  const filter: StockFilterSpec = {
    variantId: given?.variantId ?? null,
    warehouseId: given?.warehouseId ?? null,
    lowStockOnly: given?.lowStockOnly ?? false,
  };
  const rows = await findStockPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (r) => ['s', r.variantId, r.warehouseId],
    () => countStock(db, filter),
  );
}
