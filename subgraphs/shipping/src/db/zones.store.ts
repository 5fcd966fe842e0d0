import { and, asc, eq, or, sql } from 'drizzle-orm';
import {
  idOrderedList,
  insertRow,
  lockRowWhere,
  rowsByIds,
  rowsByKeys,
  rowWhere,
  updateRowById,
  type Executor,
} from '@shop/db';
import { zoneAreas, zones, type ZoneAreaRow, type ZoneRow } from './schema';

/** Every SQL statement on shipping.zones and shipping.zone_areas, named after what it reads or writes. */

export const zonesByIds = rowsByIds(zones);

/** The zone row locked for the rest of the transaction: writes to one zone's methods run one after another. */
export async function lockZone(tx: Executor, id: string): Promise<ZoneRow | null> {
  return (await lockRowWhere(tx, zones, eq(zones.id, id))) ?? null;
}

export const insertZone = (tx: Executor, values: { id: string; name: string }): Promise<ZoneRow> =>
  insertRow(tx, zones, values);

/** Renames a zone (or, without a name, marks it changed: its areas were replaced). */
export async function updateZoneRow(tx: Executor, id: string, name?: string): Promise<ZoneRow> {
  return (await updateRowById(tx, zones, id, name === undefined ? {} : { name }))!;
}

export async function deleteZoneRow(tx: Executor, id: string): Promise<boolean> {
  return (await tx.delete(zones).where(eq(zones.id, id)).returning({ id: zones.id })).length > 0;
}

/** Every area of these zones, country then region. */
export const areasOfZones = rowsByKeys(zoneAreas, zoneAreas.zoneId, [asc(zoneAreas.country), asc(zoneAreas.region)]);

/** Replaces what a zone covers; the primary key (country, region) refuses an area another zone has. */
export async function replaceZoneAreas(
  tx: Executor,
  zoneId: string,
  areas: readonly { country: string; region: string }[],
): Promise<void> {
  await tx.delete(zoneAreas).where(eq(zoneAreas.zoneId, zoneId));
  if (areas.length > 0) await tx.insert(zoneAreas).values(areas.map((area) => ({ zoneId, ...area })));
}

/** Zones already covering any of these areas (for a friendly AREA_TAKEN before the key refuses it). */
export async function areasTakenByOthers(
  db: Executor,
  zoneId: string | null,
  areas: readonly { country: string; region: string }[],
): Promise<ZoneAreaRow[]> {
  if (areas.length === 0) return [];
  const matches = or(...areas.map((a) => and(eq(zoneAreas.country, a.country), eq(zoneAreas.region, a.region))));
  return db
    .select()
    .from(zoneAreas)
    .where(zoneId === null ? matches : and(matches, sql`${zoneAreas.zoneId} <> ${zoneId}`));
}

const list = idOrderedList(zones);
/** A page of zones in id (creation) order, either direction. */
export const zonePage = list.page;
export const countZones = list.count;

export async function zoneByName(db: Executor, name: string): Promise<ZoneRow | null> {
  return (await rowWhere(db, zones, eq(sql`lower(${zones.name})`, name.toLowerCase()))) ?? null;
}
