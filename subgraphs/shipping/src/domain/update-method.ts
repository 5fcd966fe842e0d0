import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { lockMethod, replaceThresholds, updateMethodRow } from '../db/methods.store';
import type { MethodRow } from '../db/schema';
import { methodNameTaken } from './create-method';
import type { ShippingDeps } from './deps';
import { refuse, userError, type ShippingResult } from './errors';
import { kindOf, thresholdsOf, type MoneyInput } from './method-values';
import { checkDays, checkName } from './values';

export interface MethodUpdateInput {
  id: string;
  name?: string | null;
  kind?: string | null;
  minDeliveryDays?: number | null;
  maxDeliveryDays?: number | null;
  freeShippingThresholds?: readonly MoneyInput[] | null;
}

/** Omitted fields keep their value; an explicit null clears an optional one (GraphQL's undefined vs null). */
const pick = <T>(next: T | undefined, current: T): T => (next === undefined ? current : next);

/** shippingMethodUpdate: name, kind and delivery days; a thresholds list replaces every threshold. */
export async function updateMethod(deps: ShippingDeps, input: MethodUpdateInput): Promise<ShippingResult<MethodRow>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping method.', ['id']);
  const replaced = input.freeShippingThresholds != null ? thresholdsOf(input.freeShippingThresholds) : null;
  const early = [
    ...(input.name != null ? checkName(input.name) : []),
    ...(input.kind != null && !kindOf(input.kind)
      ? [userError('INVALID', 'Use STANDARD, EXPRESS or PICKUP.', ['kind'])]
      : []),
    ...(replaced?.errors ?? []),
  ];
  if (early.length > 0) return { ok: false, errors: early };
  return runInTransaction(
    deps.db,
    async (tx) => {
      const current = await lockMethod(tx, input.id);
      if (!current) return refuse('NOT_FOUND', 'No such shipping method.', ['id']);
      const minDays = pick(input.minDeliveryDays, current.minDeliveryDays);
      const maxDays = pick(input.maxDeliveryDays, current.maxDeliveryDays);
      const dayErrors = checkDays(minDays, maxDays, { min: ['minDeliveryDays'], max: ['maxDeliveryDays'] });
      if (dayErrors.length > 0) return { ok: false, errors: dayErrors };
      const method = await updateMethodRow(tx, current.id, {
        name: input.name?.trim() ?? current.name,
        kind: (input.kind as MethodRow['kind'] | null | undefined) ?? current.kind,
        minDeliveryDays: minDays,
        maxDeliveryDays: maxDays,
      });
      if (replaced) await replaceThresholds(tx, method.id, replaced.thresholds);
      return ok(method);
    },
    methodNameTaken,
  );
}
