import { keysetConnection, cursorPart, type Connection, type PageArgs } from '@shop/core';
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
  const filter: StockFilterSpec = {
    variantId: given?.variantId ?? null,
    warehouseId: given?.warehouseId ?? null,
    lowStockOnly: given?.lowStockOnly ?? false,
  };
  return keysetConnection(args, {
    cursorLength: 3,
    decode: (values) => {
      const [variantId, warehouseId] = cursorPart.tagged(values, 's');
      return { variantId: cursorPart.uuid(variantId), warehouseId: cursorPart.uuid(warehouseId) };
    },
    encode: (r) => ['s', r.variantId, r.warehouseId],
    fetch: namesNoRow(given) ? null : (page) => findStockPage(db, { filter, ...page }),
    count: () => countStock(db, filter),
  });
}
