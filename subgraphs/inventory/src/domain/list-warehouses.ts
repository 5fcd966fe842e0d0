import { keysetConnection, cursorPart, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { WarehouseRow } from '../db/schema';
import { countWarehouses, findWarehousePage } from '../db/warehouses.store';

/** \`warehouses\`: by allocation priority, deactivated ones only when asked for. */
export async function listWarehouses(
  db: Executor,
  args: PageArgs & { includeInactive?: boolean | null },
): Promise<Connection<WarehouseRow>> {
  const includeInactive = args.includeInactive ?? false;
  return keysetConnection(args, {
    cursorLength: 3,
    decode: (values) => {
      const [priority, id] = cursorPart.tagged(values, 'w');
      return { priority: cursorPart.integer(priority), id: cursorPart.uuid(id) };
    },
    encode: (r) => ['w', r.priority, r.id],
    fetch: (page) => findWarehousePage(db, { includeInactive, ...page }),
    count: () => countWarehouses(db, includeInactive),
  });
}
