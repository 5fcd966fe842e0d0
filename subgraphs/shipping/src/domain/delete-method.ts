import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { deleteMethodRow } from '../db/methods.store';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';

/**
 * shippingMethodDelete: the method goes with its rates and thresholds (they price nothing else). A cart that had
 * selected one of its rates is told by its next `shipping.quote` (RATE_UNAVAILABLE) and picks another.
 */
export async function deleteMethod(
  deps: ShippingDeps,
  input: { id: string },
): Promise<ShippingResult<{ deletedShippingMethodId: string }>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping method.', ['id']);
  return runInTransaction(deps.db, async (tx) =>
    (await deleteMethodRow(tx, input.id))
      ? ok({ deletedShippingMethodId: input.id })
      : refuse('NOT_FOUND', 'No such shipping method.', ['id']),
  );
}
