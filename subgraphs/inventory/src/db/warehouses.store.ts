import { and, asc, eq, sql } from 'drizzle-orm';
import { countRows, insertRow, pageOrder, pastCursor, rowsByIds, updateRowById, type Executor } from '@shop/db';
import { warehouses, type StoredAddress, type WarehouseRow } from './schema';

export const warehousesByIds = rowsByIds(warehouses);

export async function findWarehouse(db: Executor, id: string): Promise<WarehouseRow | undefined> {
  const [row] = await db.select().from(warehouses).where(eq(warehouses.id, id));
  return row;
}

export async function isWarehouseCodeTaken(db: Executor, code: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: warehouses.id })
    .from(warehouses)
    .where(
      and(sql`lower(${warehouses.code}) = lower(${code})`, exceptId ? sql`${warehouses.id} <> ${exceptId}` : undefined),
    )
    .limit(1);
  return rows.length > 0;
}

export interface NewWarehouse {
  id: string;
  code: string;
  name: string;
  address: StoredAddress;
  priority: number;
  lowStockThreshold: number;
}

export async function insertWarehouse(tx: Executor, values: NewWarehouse): Promise<WarehouseRow> {
  return insertRow(tx, warehouses, values);
}

export type WarehousePatch = Partial<Omit<NewWarehouse, 'id' | 'code'>> & { active?: boolean };

export async function updateWarehouseRow(tx: Executor, id: string, patch: WarehousePatch): Promise<WarehouseRow> {
  return (await updateRowById(tx, warehouses, id, patch))!;
}

export async function activeWarehouseIds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: warehouses.id })
    .from(warehouses)
    .where(eq(warehouses.active, true))
    .orderBy(asc(warehouses.priority), asc(warehouses.id));
  return rows.map((r) => r.id);
}

const warehouseKey = [warehouses.priority, warehouses.id];

/** Warehouses by priority, then id; `backward` pages toward the front of the list. */
export async function findWarehousePage(
  db: Executor,
  query: {
    includeInactive: boolean;
    cursor: { priority: number; id: string } | null;
    backward: boolean;
    limit: number;
  },
): Promise<WarehouseRow[]> {
  const { cursor, backward } = query;
  return db
    .select()
    .from(warehouses)
    .where(
      and(
        query.includeInactive ? undefined : eq(warehouses.active, true),
        cursor
          ? pastCursor(warehouseKey, [sql`${cursor.priority}::bigint`, sql`${cursor.id}::uuid`], 'asc', backward)
          : undefined,
      ),
    )
    .orderBy(...pageOrder(warehouseKey, 'asc', backward))
    .limit(query.limit);
}

export async function countWarehouses(db: Executor, includeInactive: boolean): Promise<number> {
  return countRows(db, warehouses, includeInactive ? undefined : eq(warehouses.active, true));
}
