import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { WarehouseRow } from '../db/schema';
import { countWarehouses, findWarehousePage } from '../db/warehouses.store';

/** \`warehouses\`: by allocation priority, deactivated ones only when asked for. */
export async function listWarehouses(
  db: Executor,
  args: PageArgs & { includeInactive?: boolean | null },
): Promise<Connection<WarehouseRow>> {
  const window = pageWindow(args, 3);
  const includeInactive = args.includeInactive ?? false;
  const keyset = window.cursor && cursorPart.tagged(window.cursor, 'w');
  const cursor = keyset ? { priority: cursorPart.integer(keyset[0]), id: cursorPart.uuid(keyset[1]) } : null;
  const rows = await findWarehousePage(db, { includeInactive, cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (r) => ['w', r.priority, r.id],
    () => countWarehouses(db, includeInactive),
  );
}
