import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { StockView } from '../db/schema';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult, useCase } from './errors';
import { activeWarehouse, applyMovements, knownVariant, note, quantity, view } from './stock-movements';
import type { Viewer } from './viewer';

const receiveSchema = z.object({
  variantId: z.string(),
  warehouseId: z.string(),
  quantity,
  reason: z.enum(['RECEIVE', 'RETURN']).nullish(),
  note,
});

/** Goods arrive (RECEIVE) or come back from a customer (RETURN). */
export const receiveStock = useCase(
  receiveSchema,
  async (deps: InventoryDeps, viewer: Viewer, input): Promise<InventoryResult<StockView>> => {
    return runInTransaction(deps.db, async (tx) => {
      if (!(await knownVariant(tx, input.variantId)))
        return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
      const warehouse = await activeWarehouse(tx, input.warehouseId, 'warehouseId');
      if (!warehouse.ok) return warehouse;
      await applyMovements(deps, tx, viewer, [
        {
          variantId: input.variantId,
          warehouseId: warehouse.value,
          reason: input.reason ?? 'RECEIVE',
          delta: input.quantity,
          note: input.note ?? '',
        },
      ]);
      return ok(await view(tx, input.variantId, warehouse.value));
    });
  },
);
