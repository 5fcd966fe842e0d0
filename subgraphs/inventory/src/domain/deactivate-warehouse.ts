import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { WarehouseRow } from '../db/schema';
import { findWarehouse, updateWarehouseRow } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult } from './errors';

/** Stops allocating from a warehouse; its stock stays recorded (and counts again if it is reactivated). */
export async function deactivateWarehouse(
  deps: InventoryDeps,
  raw: { id: string },
): Promise<InventoryResult<WarehouseRow>> {
  return runInTransaction(deps.db, async (tx) => {
    const existing = isUuid(raw.id) ? await findWarehouse(tx, raw.id) : undefined;
    if (!existing) return refuse('NOT_FOUND', 'No warehouse with this id.', ['id']);
    if (!existing.active) return ok(existing);
    return ok(await updateWarehouseRow(tx, existing.id, { active: false }));
  });
}
