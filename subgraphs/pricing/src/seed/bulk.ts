import { createHash } from 'node:crypto';
import type { ServiceBus } from '@shop/bus';
import { divRound } from '@shop/core';
import type { Db } from '@shop/db';
import { insertPricesIfAbsent } from '../db/prices.store';
import { backfillCatalog } from '../domain/backfill';

/** A stable pseudo-random number per variant, so a re-run seeds the same prices. */
const hashOf = (id: string): number => createHash('sha256').update(id).digest().readUInt32BE(0);

/**
 * Demo prices of one variant: USD x.99 between 4.99 and 199.99, EUR 0.92 of it (rounded half away from zero to
 * the cent), and a compare-at price 25% above on every fifth variant.
 */
export function demoPricesOf(
  variantId: string,
): { variantId: string; currency: string; amount: bigint; compareAt: bigint | null }[] {
  const h = hashOf(variantId);
  const usd = BigInt(500 + (h % 196) * 100) - 1n;
  const eur = divRound(usd * 92n, 100n);
  const discounted = h % 5 === 0;
  return [
    { variantId, currency: 'USD', amount: usd, compareAt: discounted ? divRound(usd * 125n, 100n) : null },
    { variantId, currency: 'EUR', amount: eur, compareAt: discounted ? divRound(eur * 125n, 100n) : null },
  ];
}

/** Inserts the demo USD and EUR prices of these variants in multi-row batches; existing prices are kept. */
export const insertDemoPrices = (db: Db, variantIds: readonly string[]): Promise<number> =>
  insertPricesIfAbsent(db, variantIds.flatMap(demoPricesOf));

export interface SeedTarget {
  database: { db: Db };
  bus: Pick<ServiceBus, 'call'>;
}

/**
 * Benchmark data: walks the live catalog through `products.variantsPage` (1000 variants a page), records each
 * variant's product and category, and gives every variant USD and EUR prices with multi-row inserts. Bypasses the
 * use cases (no events); idempotent. The catalog shape options of the other seeders are accepted and ignored: the
 * catalog itself says which variants exist.
 */
export async function seedBulkPrices(
  target: SeedTarget,
  _options: { products?: number; variantsPerProduct?: number } = {},
): Promise<{ variants: number; prices: number; milliseconds: number }> {
  const started = Date.now();
  let prices = 0;
  const variants = await backfillCatalog({ db: target.database.db }, target.bus, async (page) => {
    prices += await insertDemoPrices(
      target.database.db,
      page.map((v) => v.variantId),
    );
  });
  return { variants, prices, milliseconds: Date.now() - started };
}
