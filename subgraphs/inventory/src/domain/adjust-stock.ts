import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { StockView } from '../db/schema';
import { findWarehouse } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult, useCase } from './errors';
import { applyMovements, knownVariant, note, view } from './stock-movements';
import type { Viewer } from './viewer';

const adjustSchema = z.object({
  variantId: z.string(),
  warehouseId: z.string(),
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'The adjustment must not be zero.'),
  note,
});

/** A correction after a count (damage, loss, found stock): on hand may not drop below what is reserved. */
export const adjustStock = useCase(
  adjustSchema,
  async (deps: InventoryDeps, viewer: Viewer, input): Promise<InventoryResult<StockView>> => {
    return runInTransaction(deps.db, async (tx) => {
      if (!(await knownVariant(tx, input.variantId)))
        return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
      const warehouse = isUuid(input.warehouseId) ? await findWarehouse(tx, input.warehouseId) : undefined;
      if (!warehouse) return refuse('NOT_FOUND', 'No warehouse with this id.', ['warehouseId']);
      const applied = await applyMovements(deps, tx, viewer, [
        {
          variantId: input.variantId,
          warehouseId: warehouse.id,
          reason: 'ADJUST',
          delta: input.delta,
          note: input.note ?? '',
        },
      ]);
      if (!applied)
        return refuse('INSUFFICIENT_STOCK', 'On hand cannot drop below zero or below the reserved quantity.', [
          'delta',
        ]);
      return ok(await view(tx, input.variantId, warehouse.id));
    });
  },
);
