import { newId, ok } from '@shop/core';
import { runInTransaction, type ConstraintViolation } from '@shop/db';
import type { ZoneRow } from '../db/schema';
import { areasTakenByOthers, insertZone, replaceZoneAreas } from '../db/zones.store';
import type { ShippingDeps } from './deps';
import { userError, type ShippingResult, type ShippingUserError } from './errors';
import { checkName } from './values';
import { areasOf, areaTaken, pathOfArea } from './zone-values';

export interface ZoneCreateInput {
  name: string;
  countries: readonly string[];
  regions?: readonly string[] | null;
}

/** The constraint violations a zone write can meet, as userErrors (the keys decide races the pre-checks miss). */
export const zoneViolation = (violation: ConstraintViolation): ShippingUserError | null => {
  if (violation.kind !== 'unique') return null;
  if (violation.constraint === 'zones_name_key')
    return userError('NAME_TAKEN', 'Another zone already has this name.', ['name']);
  if (violation.constraint === 'zone_areas_pkey')
    return userError('AREA_TAKEN', 'Another zone already covers one of these countries or regions.', ['countries']);
  return null;
};

/** shippingZoneCreate: a zone covering countries and single regions no other zone covers. */
export async function createZone(deps: ShippingDeps, input: ZoneCreateInput): Promise<ShippingResult<ZoneRow>> {
  const regions = input.regions ?? [];
  const { areas, errors } = areasOf(input.countries, regions);
  errors.unshift(...checkName(input.name));
  if (errors.length > 0) return { ok: false, errors };
  return runInTransaction(
    deps.db,
    async (tx) => {
      const taken = await areasTakenByOthers(tx, null, areas);
      if (taken.length > 0)
        return { ok: false, errors: taken.map((area) => areaTaken(area, pathOfArea(area, input.countries, regions))) };
      const zone = await insertZone(tx, { id: newId(), name: input.name.trim() });
      await replaceZoneAreas(tx, zone.id, areas);
      return ok(zone);
    },
    zoneViolation,
  );
}
