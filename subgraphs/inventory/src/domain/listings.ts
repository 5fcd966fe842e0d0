import { GraphQLError } from 'graphql';
import { isUuid, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { LedgerRow, MovementReason, StockView, WarehouseRow } from '../db/schema';
import { findLedgerPage, findStockPage } from '../db/stock.store';
import { findWarehousePage } from '../db/warehouses.store';

/** Staff listings, forward keyset pagination (first/after, at most 100). */

function forwardOnly(args: PageArgs) {
  if (args.last != null || args.before != null) throw new GraphQLError('These lists page forward only (first/after).', { extensions: { code: 'BAD_USER_INPUT' } });
}

const badCursor = () => new GraphQLError('The cursor is not valid for this list.', { extensions: { code: 'BAD_USER_INPUT', field: ['after'] } });

export async function listWarehouses(db: Executor, args: PageArgs & { includeInactive?: boolean | null }): Promise<Connection<WarehouseRow>> {
  forwardOnly(args);
  const window = pageWindow(args, 3);
  let cursor: { priority: number; id: string } | null = null;
  if (window.cursor) {
    const [tag, priority, id] = window.cursor;
    if (tag !== 'w' || typeof priority !== 'number' || typeof id !== 'string' || !isUuid(id)) throw badCursor();
    cursor = { priority, id };
  }
  const rows = await findWarehousePage(db, { includeInactive: args.includeInactive ?? false, cursor, limit: window.limit });
  return toConnection(rows, window, (r) => ['w', r.priority, r.id]);
}

export interface StockLevelFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  lowStockOnly?: boolean | null;
}

export async function listStockLevels(db: Executor, filter: StockLevelFilterInput | null | undefined, args: PageArgs): Promise<Connection<StockView>> {
  forwardOnly(args);
  const window = pageWindow(args, 3);
  const empty = toConnection<StockView>([], window, () => []);
  if ((filter?.variantId && !isUuid(filter.variantId)) || (filter?.warehouseId && !isUuid(filter.warehouseId))) return empty;
  let cursor: { variantId: string; warehouseId: string } | null = null;
  if (window.cursor) {
    const [tag, variantId, warehouseId] = window.cursor;
    if (tag !== 's' || typeof variantId !== 'string' || typeof warehouseId !== 'string' || !isUuid(variantId) || !isUuid(warehouseId)) throw badCursor();
    cursor = { variantId, warehouseId };
  }
  const rows = await findStockPage(db, {
    filter: { variantId: filter?.variantId ?? null, warehouseId: filter?.warehouseId ?? null, lowStockOnly: filter?.lowStockOnly ?? false },
    cursor,
    limit: window.limit,
  });
  return toConnection(rows, window, (r) => ['s', r.variantId, r.warehouseId]);
}

export interface LedgerFilterInput {
  variantId?: string | null;
  warehouseId?: string | null;
  reason?: MovementReason | null;
}

export async function listLedger(db: Executor, filter: LedgerFilterInput | null | undefined, args: PageArgs): Promise<Connection<LedgerRow>> {
  forwardOnly(args);
  const window = pageWindow(args, 2);
  if ((filter?.variantId && !isUuid(filter.variantId)) || (filter?.warehouseId && !isUuid(filter.warehouseId))) {
    return toConnection<LedgerRow>([], window, () => []);
  }
  let cursor: number | null = null;
  if (window.cursor) {
    const [tag, seq] = window.cursor;
    if (tag !== 'l' || typeof seq !== 'number') throw badCursor();
    cursor = seq;
  }
  const rows = await findLedgerPage(db, {
    filter: { variantId: filter?.variantId ?? null, warehouseId: filter?.warehouseId ?? null, reason: filter?.reason ?? null },
    cursor,
    limit: window.limit,
  });
  return toConnection(rows, window, (r) => ['l', r.seq]);
}
