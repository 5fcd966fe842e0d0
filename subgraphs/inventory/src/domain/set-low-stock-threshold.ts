import { z } from 'zod';
import { ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockStockRows, setVariantThreshold } from '../db/stock.store';
import { emitAlertCrossings } from './alerts';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult, useCaseWithoutCaller } from './errors';
import { knownVariant } from './stock-movements';

const thresholdSchema = z.object({
  variantId: z.string(),
  threshold: z.number().int().min(0).max(1_000_000).nullish(),
});

/** Sets a variant's own low-stock threshold; null falls back to each warehouse's default. */
export const setLowStockThreshold = useCaseWithoutCaller(
  thresholdSchema,
  async (deps: InventoryDeps, input): Promise<InventoryResult<{ variantId: string; threshold: number | null }>> => {
    return runInTransaction(deps.db, async (tx) => {
      if (!(await knownVariant(tx, input.variantId)))
        return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
      await lockStockRows(tx, [input.variantId]);
      await setVariantThreshold(tx, input.variantId, input.threshold ?? null);
      // A new threshold can itself be a crossing.
      await emitAlertCrossings(deps, tx, [input.variantId]);
      return ok({ variantId: input.variantId, threshold: input.threshold ?? null });
    });
  },
);
