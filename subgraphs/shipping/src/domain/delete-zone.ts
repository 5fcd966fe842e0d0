import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { countMethodsOfZone } from '../db/methods.store';
import { deleteZoneRow, lockZone } from '../db/zones.store';
import type { ShippingDeps } from './deps';
import { refuse, userError, type ShippingResult } from './errors';

const notEmpty = () => refuse('ZONE_NOT_EMPTY', 'The zone still has shipping methods: delete them first.', ['id']);

/**
 * shippingZoneDelete: refused while the zone has methods (ZONE_NOT_EMPTY), so one call cannot silently withdraw every
 * method and rate of a region; the methods' foreign key backs the check against a method created meanwhile.
 */
export async function deleteZone(
  deps: ShippingDeps,
  input: { id: string },
): Promise<ShippingResult<{ deletedShippingZoneId: string }>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping zone.', ['id']);
  return runInTransaction(
    deps.db,
    async (tx) => {
      if (!(await lockZone(tx, input.id))) return refuse('NOT_FOUND', 'No such shipping zone.', ['id']);
      if ((await countMethodsOfZone(tx, input.id)) > 0) return notEmpty();
      await deleteZoneRow(tx, input.id);
      return ok({ deletedShippingZoneId: input.id });
    },
    (violation) =>
      violation.kind === 'foreign_key'
        ? userError('ZONE_NOT_EMPTY', 'The zone still has shipping methods: delete them first.', ['id'])
        : null,
  );
}
