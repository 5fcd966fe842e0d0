import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { insertRow, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { methods, methodThresholds, rates, zoneAreas, type RateRow } from './schema';

/** Every SQL statement on shipping.rates, named after what it reads or writes. */

export const ratesByIds = rowsByIds(rates);

/** The rates of these methods: by currency, then band. */
export const ratesOfMethods = rowsByKeys(rates, rates.methodId, [
  asc(rates.currency),
  asc(rates.bandMin),
  asc(rates.id),
]);

export const insertRate = (tx: Executor, values: typeof rates.$inferInsert): Promise<RateRow> =>
  insertRow(tx, rates, values);

export async function updateRateRow(
  tx: Executor,
  id: string,
  set: { priceMinor: bigint; bandMin: bigint; bandMax: bigint | null },
): Promise<RateRow> {
  return (await updateRowById(tx, rates, id, set))!;
}

export async function deleteRateRow(tx: Executor, id: string): Promise<boolean> {
  return (await tx.delete(rates).where(eq(rates.id, id)).returning({ id: rates.id })).length > 0;
}

/** One rate that `shipping.quote` may offer: its method's facts and the method's threshold in the currency. */
export interface QuoteCandidate {
  rateId: string;
  priceMinor: bigint;
  methodId: string;
  methodName: string;
  kind: 'STANDARD' | 'EXPRESS' | 'PICKUP';
  minDeliveryDays: number | null;
  maxDeliveryDays: number | null;
  thresholdMinor: bigint | null;
}

/**
 * The zone covering a destination (its region's zone before its country's) and the rates of that zone's methods in
 * `currency` whose band holds the weight (grams) or the subtotal (minor units): one statement. `zoneId` is null when
 * no zone covers the destination. The use cases keep one basis per method and currency and bands apart, so a method
 * yields at most one.
 */
export async function quoteCandidates(
  db: Executor,
  destination: { country: string; region: string | null },
  currency: string,
  weightGrams: bigint,
  subtotalMinor: bigint,
): Promise<{ zoneId: string | null; candidates: QuoteCandidate[] }> {
  const { country, region } = destination;
  const zone = db
    .select({ zoneId: zoneAreas.zoneId })
    .from(zoneAreas)
    .where(
      and(
        eq(zoneAreas.country, country),
        region ? or(eq(zoneAreas.region, ''), eq(zoneAreas.region, region)) : eq(zoneAreas.region, ''),
      ),
    )
    .orderBy(sql`${zoneAreas.region} desc`)
    .limit(1)
    .as('zone');
  const holds = (value: bigint) => and(lte(rates.bandMin, value), or(isNull(rates.bandMax), gt(rates.bandMax, value)));
  const rows = await db
    .select({
      zoneId: zone.zoneId,
      rateId: rates.id,
      priceMinor: rates.priceMinor,
      methodId: methods.id,
      methodName: methods.name,
      kind: methods.kind,
      minDeliveryDays: methods.minDeliveryDays,
      maxDeliveryDays: methods.maxDeliveryDays,
      thresholdMinor: methodThresholds.amountMinor,
    })
    .from(zone)
    // Left joins keep the zone's row when it has no rate that applies: "a zone, nothing to offer" is not "no zone".
    .leftJoin(methods, eq(methods.zoneId, zone.zoneId))
    .leftJoin(
      rates,
      and(
        eq(rates.methodId, methods.id),
        eq(rates.currency, currency),
        or(
          eq(rates.basis, 'FLAT'),
          and(eq(rates.basis, 'WEIGHT'), holds(weightGrams)),
          and(eq(rates.basis, 'SUBTOTAL'), holds(subtotalMinor)),
        ),
      ),
    )
    .leftJoin(methodThresholds, and(eq(methodThresholds.methodId, methods.id), eq(methodThresholds.currency, currency)))
    .orderBy(asc(methods.id), sql`${rates.id}`);
  const candidates = rows.flatMap(({ zoneId: _zone, rateId, priceMinor, methodId, methodName, kind, ...rest }) =>
    rateId !== null && priceMinor !== null && methodId !== null && methodName !== null && kind !== null
      ? [{ rateId, priceMinor, methodId, methodName, kind, ...rest }]
      : [],
  );
  return { zoneId: rows[0]?.zoneId ?? null, candidates };
}
