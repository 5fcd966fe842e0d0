import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { WarehouseRow } from '../db/schema';
import { insertWarehouse, isWarehouseCodeTaken } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { type InventoryResult, useCaseWithoutCaller } from './errors';
import { addressSchema, codeTaken, toAddress } from './warehouse-input';

const createSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,32}$/, 'Use 2 to 32 letters, digits or dashes.'),
  name: z.string().trim().min(1).max(200),
  address: addressSchema,
  priority: z.number().int().min(0).max(10000).nullish(),
  lowStockThreshold: z.number().int().min(0).max(1000000).nullish(),
});

/** `warehouseCreate`: codes are unique; priority (allocation order) defaults to 100, the low-stock threshold to 5. */
export const createWarehouse = useCaseWithoutCaller(
  createSchema,
  async (deps: InventoryDeps, input): Promise<InventoryResult<WarehouseRow>> => {
    return runInTransaction(
      deps.db,
      async (tx) => {
        if (await isWarehouseCodeTaken(tx, input.code)) return codeTaken(input.code);
        const row = await insertWarehouse(tx, {
          id: newId(),
          code: input.code,
          name: input.name,
          address: toAddress(input.address),
          priority: input.priority ?? 100,
          lowStockThreshold: input.lowStockThreshold ?? 5,
        });
        return ok(row);
      },
      (violation) => (violation.constraint === 'warehouses_code_key' ? codeTaken(input.code).errors[0]! : null),
    );
  },
);
