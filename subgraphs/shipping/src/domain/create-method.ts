import { isUuid, newId, ok } from '@shop/core';
import { runInTransaction, type ConstraintViolation } from '@shop/db';
import { countMethodsOfZone, insertMethod, replaceThresholds } from '../db/methods.store';
import type { MethodRow } from '../db/schema';
import { lockZone } from '../db/zones.store';
import type { ShippingDeps } from './deps';
import { refuse, userError, type ShippingResult, type ShippingUserError } from './errors';
import { kindOf, MAX_METHODS_PER_ZONE, thresholdsOf, type MoneyInput } from './method-values';
import { checkDays, checkName } from './values';

export interface MethodCreateInput {
  zoneId: string;
  name: string;
  kind: string;
  minDeliveryDays?: number | null;
  maxDeliveryDays?: number | null;
  freeShippingThresholds?: readonly MoneyInput[] | null;
}

export const methodNameTaken = (violation: ConstraintViolation): ShippingUserError | null =>
  violation.kind === 'unique' && violation.constraint === 'methods_zone_name_key'
    ? userError('NAME_TAKEN', 'Another method of this zone already has this name.', ['name'])
    : null;

/** shippingMethodCreate: a method of a zone, with its free-shipping thresholds; rates are added one by one. */
export async function createMethod(deps: ShippingDeps, input: MethodCreateInput): Promise<ShippingResult<MethodRow>> {
  const minDays = input.minDeliveryDays ?? null;
  const maxDays = input.maxDeliveryDays ?? null;
  const { thresholds, errors: thresholdErrors } = thresholdsOf(input.freeShippingThresholds ?? []);
  const errors = [
    ...checkName(input.name),
    ...(kindOf(input.kind) ? [] : [userError('INVALID', 'Use STANDARD, EXPRESS or PICKUP.', ['kind'])]),
    ...checkDays(minDays, maxDays, { min: ['minDeliveryDays'], max: ['maxDeliveryDays'] }),
    ...thresholdErrors,
  ];
  if (errors.length > 0) return { ok: false, errors };
  if (!isUuid(input.zoneId)) return refuse('NOT_FOUND', 'No such shipping zone.', ['zoneId']);
  return runInTransaction(
    deps.db,
    async (tx) => {
      // The zone's row lock serialises method writes per zone, so the limit holds under concurrency.
      const zone = await lockZone(tx, input.zoneId);
      if (!zone) return refuse('NOT_FOUND', 'No such shipping zone.', ['zoneId']);
      if ((await countMethodsOfZone(tx, zone.id)) >= MAX_METHODS_PER_ZONE)
        return refuse('LIMIT_REACHED', `A zone has at most ${MAX_METHODS_PER_ZONE} methods.`, ['zoneId']);
      const method = await insertMethod(tx, {
        id: newId(),
        zoneId: zone.id,
        name: input.name.trim(),
        kind: input.kind as MethodRow['kind'],
        minDeliveryDays: minDays,
        maxDeliveryDays: maxDays,
      });
      await replaceThresholds(tx, method.id, thresholds);
      return ok(method);
    },
    methodNameTaken,
  );
}
