import { cursorPart, emptyConnection, isUuid, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { LedgerRow, MovementReason, StockView, WarehouseRow } from '../db/schema';
import { countLedger, countStock, findLedgerPage, findStockPage, type StockFilterSpec } from '../db/stock.store';
import { countWarehouses, findWarehousePage } from '../db/warehouses.store';

/** Staff listings: keyset pages in either direction (at most 100), each cursor tagged with its list. */

export async function listWarehouses(db: Executor, args: PageArgs & { includeInactive?: boolean | null }): Promise<Connection<WarehouseRow>> {
  const window = pageWindow(args, 3);
  const includeInactive = args.includeInactive ?? false;
  let cursor: { priority: number; id: string } | null = null;
  if (window.cursor) {
    const [tag, priority, id] = window.cursor;
    cursorPart.tag(tag, 'w');
    cursor = { priority: cursorPart.integer(priority), id: cursorPart.uuid(id) };
  }
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
  let cursor: { variantId: string; warehouseId: string } | null = null;
  if (window.cursor) {
    const [tag, variantId, warehouseId] = window.cursor;
    cursorPart.tag(tag, 's');
    cursor = { variantId: cursorPart.uuid(variantId), warehouseId: cursorPart.uuid(warehouseId) };
  }
  if ((given?.variantId && !isUuid(given.variantId)) || (given?.warehouseId && !isUuid(given.warehouseId))) return emptyConnection(window);
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
  let cursor: number | null = null;
  if (window.cursor) {
    const [tag, seq] = window.cursor;
    cursorPart.tag(tag, 'l');
    cursor = cursorPart.integer(seq);
  }
  if ((given?.variantId && !isUuid(given.variantId)) || (given?.warehouseId && !isUuid(given.warehouseId))) return emptyConnection(window);
  const filter = { variantId: given?.variantId ?? null, warehouseId: given?.warehouseId ?? null, reason: given?.reason ?? null };
  const rows = await findLedgerPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (r) => ['l', r.seq], () => countLedger(db, filter));
}
