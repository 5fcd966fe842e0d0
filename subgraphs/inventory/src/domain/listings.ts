import { cursorPart, emptyConnection, isUuid, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { LedgerRow, MovementReason, StockView, WarehouseRow } from '../db/schema';
import { countLedger, countStock, findLedgerPage, findStockPage, type StockFilterSpec } from '../db/stock.store';
import { countWarehouses, findWarehousePage } from '../db/warehouses.store';

/** Staff listings: keyset pages in either direction (at most 100), each cursor tagged with its list. */

/** A variant or warehouse filter that is not a UUID matches no row: the list is empty, not an error. */
const namesNoRow = (given: { variantId?: string | null; warehouseId?: string | null } | null | undefined): boolean =>
  Boolean((given?.variantId && !isUuid(given.variantId)) || (given?.warehouseId && !isUuid(given.warehouseId)));

export async function listWarehouses(db: Executor, args: PageArgs & { includeInactive?: boolean | null }): Promise<Connection<WarehouseRow>> {
  const window = pageWindow(args, 3);
  const includeInactive = args.includeInactive ?? false;
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 'w');
  const cursor = keyset ? { priority: cursorPart.integer(keyset[0]), id: cursorPart.uuid(keyset[1]) } : null;
  const rows = await findWarehousePage(db, { includeInactive, cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (r) => ['w', r.priority, r.id], () => countWarehouses(db, includeInactive));
}

export interface StockLevelFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  lowStockOnly?: boolean | null;
}

export async function listStockLevels(db: Executor, given: StockLevelFilterInput | null | undefined, args: PageArgs): Promise<Connection<StockView>> {
  const window = pageWindow(args, 3);
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 's');
  const cursor = keyset ? { variantId: cursorPart.uuid(keyset[0]), warehouseId: cursorPart.uuid(keyset[1]) } : null;
  if (namesNoRow(given)) return emptyConnection(window);
  const filter: StockFilterSpec = { variantId: given?.variantId ?? null, warehouseId: given?.warehouseId ?? null, lowStockOnly: given?.lowStockOnly ?? false };
  const rows = await findStockPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (r) => ['s', r.variantId, r.warehouseId], () => countStock(db, filter));
}

export interface LedgerFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  reason?: MovementReason | null;
}

export async function listLedger(db: Executor, given: LedgerFilterInput | null | undefined, args: PageArgs): Promise<Connection<LedgerRow>> {
  const window = pageWindow(args, 2);
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 'l');
  const cursor = keyset ? cursorPart.integer(keyset[0]) : null;
  if (namesNoRow(given)) return emptyConnection(window);
  const filter = { variantId: given?.variantId ?? null, warehouseId: given?.warehouseId ?? null, reason: given?.reason ?? null };
  const rows = await findLedgerPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (r) => ['l', r.seq], () => countLedger(db, filter));
}
