import { z } from 'zod';
import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { StockView } from '../db/schema';
import { findWarehouse } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult, useCase } from './errors';
import { activeWarehouse, applyMovements, knownVariant, note, quantity, view } from './stock-movements';
import type { Viewer } from './viewer';

const transferSchema = z.object({
  variantId: z.string(),
  fromWarehouseId: z.string(),
  toWarehouseId: z.string(),
  quantity,
  note,
});

/** Moves units between warehouses: both sides or neither (one transaction). */
export const transferStock = useCase(
  transferSchema,
  async (deps: InventoryDeps, viewer: Viewer, input): Promise<InventoryResult<{ from: StockView; to: StockView }>> => {
    if (input.fromWarehouseId === input.toWarehouseId)
      return refuse('SAME_WAREHOUSE', 'Choose two different warehouses.', ['toWarehouseId']);
    return runInTransaction(deps.db, async (tx) => {
      if (!(await knownVariant(tx, input.variantId)))
        return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
      const from = isUuid(input.fromWarehouseId) ? await findWarehouse(tx, input.fromWarehouseId) : undefined;
      if (!from) return refuse('NOT_FOUND', 'No warehouse with this id.', ['fromWarehouseId']);
      const to = await activeWarehouse(tx, input.toWarehouseId, 'toWarehouseId');
      if (!to.ok) return to;
      const note = input.note ?? '';
      const applied = await applyMovements(deps, tx, viewer, [
        { variantId: input.variantId, warehouseId: from.id, reason: 'TRANSFER_OUT', delta: -input.quantity, note },
        { variantId: input.variantId, warehouseId: to.value, reason: 'TRANSFER_IN', delta: input.quantity, note },
      ]);
      if (!applied)
        return refuse('INSUFFICIENT_STOCK', 'The source warehouse does not have this many unreserved units.', [
          'quantity',
        ]);
      return ok({ from: await view(tx, input.variantId, from.id), to: await view(tx, input.variantId, to.value) });
    });
  },
);
