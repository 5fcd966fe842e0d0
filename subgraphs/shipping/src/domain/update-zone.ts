import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { ZoneRow } from '../db/schema';
import { areasOfZones, areasTakenByOthers, lockZone, replaceZoneAreas, updateZoneRow } from '../db/zones.store';
import { zoneViolation } from './create-zone';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';
import { checkName } from './values';
import { areasOf, areaTaken, pathOfArea, regionCodeOf } from './zone-values';

export interface ZoneUpdateInput {
  id: string;
  name?: string | null;
  countries?: readonly string[] | null;
  regions?: readonly string[] | null;
}

/** shippingZoneUpdate: a new name, and/or new countries or regions (each list replaces its kind of area). */
export async function updateZone(deps: ShippingDeps, input: ZoneUpdateInput): Promise<ShippingResult<ZoneRow>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipping zone.', ['id']);
  const nameErrors = input.name != null ? checkName(input.name) : [];
  if (nameErrors.length > 0) return { ok: false, errors: nameErrors };
  return runInTransaction(
    deps.db,
    async (tx) => {
      const zone = await lockZone(tx, input.id);
      if (!zone) return refuse('NOT_FOUND', 'No such shipping zone.', ['id']);
      if (input.countries != null || input.regions != null) {
        const current = await areasOfZones(tx, [zone.id]);
        const countries = input.countries ?? current.filter((a) => a.region === '').map((a) => a.country);
        const regions = input.regions ?? current.filter((a) => a.region !== '').map(regionCodeOf);
        const { areas, errors } = areasOf(countries, regions);
        if (errors.length > 0) return { ok: false, errors };
        const taken = await areasTakenByOthers(tx, zone.id, areas);
        if (taken.length > 0)
          return { ok: false, errors: taken.map((area) => areaTaken(area, pathOfArea(area, countries, regions))) };
        await replaceZoneAreas(tx, zone.id, areas);
      }
      return ok(await updateZoneRow(tx, zone.id, input.name?.trim()));
    },
    zoneViolation,
  );
}
