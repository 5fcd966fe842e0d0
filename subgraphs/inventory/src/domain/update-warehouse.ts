import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { WarehouseRow } from '../db/schema';
import { findWarehouse, updateWarehouseRow } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult, useCaseWithoutCaller } from './errors';
import { addressSchema, toAddress } from './warehouse-input';

const updateSchema = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(200).nullish(),
  address: addressSchema.nullish(),
  priority: z.number().int().min(0).max(10000).nullish(),
  lowStockThreshold: z.number().int().min(0).max(1000000).nullish(),
});

/** `warehouseUpdate`: omitted or null fields keep their value; the code never changes. */
export const updateWarehouse = useCaseWithoutCaller(
  updateSchema,
  async (deps: InventoryDeps, input): Promise<InventoryResult<WarehouseRow>> => {
    return runInTransaction(deps.db, async (tx) => {
      const existing = isUuid(input.id) ? await findWarehouse(tx, input.id) : undefined;
      if (!existing) return refuse('NOT_FOUND', 'No warehouse with this id.', ['id']);
      const row = await updateWarehouseRow(tx, existing.id, {
        ...(input.name != null ? { name: input.name } : {}),
        ...(input.address != null ? { address: toAddress(input.address) } : {}),
        ...(input.priority != null ? { priority: input.priority } : {}),
        ...(input.lowStockThreshold != null ? { lowStockThreshold: input.lowStockThreshold } : {}),
      });
      return ok(row);
    });
  },
);
