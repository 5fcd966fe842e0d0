import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { deleteRateRow } from '../db/rates.store';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';

/** shippingRateDelete: later quotes no longer offer the rate; a cart that selected it gets RATE_UNAVAILABLE. */
export async function deleteRate(
  deps: ShippingDeps,
  input: { id: string },
): Promise<ShippingResult<{ deletedShippingRateId: string }>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping rate.', ['id']);
  return runInTransaction(deps.db, async (tx) =>
    (await deleteRateRow(tx, input.id))
      ? ok({ deletedShippingRateId: input.id })
      : refuse('NOT_FOUND', 'No such shipping rate.', ['id']),
  );
}
