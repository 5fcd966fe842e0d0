import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '@shop/db';
import { destinationBasisPointsQuery } from './tax.store';
import type { RuleFacts } from '../domain/engine';
import { catalogVariants, prices, pricingRules, type PriceRow } from './schema';

/** A price with the catalog facts and the automatic rules that may apply to an anonymous single unit. */
export interface PricedVariant {
  variantId: string;
  currency: string;
  amount: bigint;
  compareAt: bigint | null;
  productId: string | null;
  categoryId: string | null;
  rules: RuleFacts[];
}

interface RuleJson {
  id: string;
  name: string;
  kind: RuleFacts['kind'];
  basisPoints: number | null;
  amount: string | null;
  currency: string | null;
  productId: string | null;
  categoryId: string | null;
  customerGroup: string | null;
  minQuantity: number;
  startsAt: string | null;
  endsAt: string | null;
  priority: number;
  stackable: boolean;
  createdAt: string;
}

const toRuleFacts = (r: RuleJson): RuleFacts => ({
  ...r,
  amount: r.amount === null ? null : BigInt(r.amount),
  startsAt: r.startsAt === null ? null : new Date(r.startsAt),
  endsAt: r.endsAt === null ? null : new Date(r.endsAt),
  createdAt: new Date(r.createdAt),
});

/**
 * The rules that may apply to one unit bought anonymously at `at` of the outer row's variant, as a JSON array
 * (a correlated subquery, so a page of prices and their rules stay ONE statement). The engine re-checks them.
 */
/** The rules `r` as a JSON array of RuleJson (an empty array when there are none). */
const rulesJsonArray = sql`coalesce(json_agg(json_build_object(
    'id', r.id, 'name', r.name, 'kind', r.kind, 'basisPoints', r.basis_points, 'amount', r.amount::text,
    'currency', r.currency, 'productId', r.product_id, 'categoryId', r.category_id, 'customerGroup', r.customer_group,
    'minQuantity', r.min_quantity, 'startsAt', r.starts_at, 'endsAt', r.ends_at, 'priority', r.priority,
    'stackable', r.stackable, 'createdAt', r.created_at)), '[]'::json)`;

const anonymousRulesJson = (at: Date) => sql<RuleJson[]>`(
  select ${rulesJsonArray}
  from ${pricingRules} r
  where r.customer_group is null and r.min_quantity <= 1
    and (r.starts_at is null or r.starts_at <= ${at.toISOString()}::timestamptz)
    and (r.ends_at is null or r.ends_at > ${at.toISOString()}::timestamptz)
    and (r.product_id is null or r.product_id = ${catalogVariants.productId})
    and (r.category_id is null or r.category_id = ${catalogVariants.categoryId})
    and (r.kind <> 'FIXED_AMOUNT' or r.currency = ${prices.currency})
)`;

const pricedColumns = (at: Date) => ({
  variantId: prices.variantId,
  currency: prices.currency,
  amount: prices.amount,
  compareAt: prices.compareAt,
  productId: catalogVariants.productId,
  categoryId: catalogVariants.categoryId,
  rules: anonymousRulesJson(at),
});

const toPriced = (row: { rules: RuleJson[] } & Omit<PricedVariant, 'rules'>): PricedVariant => ({
  ...row,
  rules: row.rules.map(toRuleFacts),
});

/** What a quote needs of one variant: its price in the quote's currency, and what the catalog says of it. */
export interface QuoteVariant {
  variantId: string;
  /** Null: no price in this currency. */
  amount: bigint | null;
  productId: string | null;
  categoryId: string | null;
  /** Null: the catalog has not told pricing of this variant (yet). */
  live: boolean | null;
}

/** What a quote reads: its variants (see QuoteVariant), every rule valid at its time, the destination's tax. */
export interface QuoteFactsRead {
  variants: QuoteVariant[];
  rules: RuleFacts[];
  taxBasisPoints: number;
}

/**
 * A quote's facts in ONE statement: the variants priced in `currency` with their catalog facts (a full join, so a
 * price of a variant the catalog has not announced yet, and a known variant without a price, both come back), the
 * rules valid at `at`, and the default tax class's rate at the destination (0 without one).
 */
export async function quoteFactsOf(
  db: Executor,
  variantIds: string[],
  currency: string,
  at: Date,
  destination: { country: string; region: string | null } | null,
): Promise<QuoteFactsRead> {
  const ids = variantIds.length > 0 ? variantIds : ['00000000-0000-0000-0000-000000000000'];
  const priced = db
    .select({ variantId: prices.variantId, amount: prices.amount })
    .from(prices)
    .where(and(inArray(prices.variantId, ids), eq(prices.currency, currency)))
    .as('priced');
  const known = db
    .select({
      variantId: catalogVariants.variantId,
      productId: catalogVariants.productId,
      categoryId: catalogVariants.categoryId,
      live: catalogVariants.live,
    })
    .from(catalogVariants)
    .where(inArray(catalogVariants.variantId, ids))
    .as('known');
  const variants = db
    .select({
      variantId: sql`coalesce(${priced.variantId}, ${known.variantId})`.as('variantId'),
      amount: sql`${priced.amount}::text`.as('amount'),
      productId: sql`${known.productId}`.as('productId'),
      categoryId: sql`${known.categoryId}`.as('categoryId'),
      live: sql`${known.live}`.as('live'),
    })
    .from(priced)
    .fullJoin(known, eq(priced.variantId, known.variantId));
  const when = at.toISOString();
  const tax = destination ? sql`(${destinationBasisPointsQuery(db, destination.country, destination.region)})` : sql`0`;
  const [row] = rowsOf(
    await db.execute(sql`select
      (select coalesce(json_agg(v), '[]'::json) from (${variants}) v) as variants,
      (select ${rulesJsonArray} from ${pricingRules} r
        where (r.starts_at is null or r.starts_at <= ${when}::timestamptz)
          and (r.ends_at is null or r.ends_at >= ${when}::timestamptz)) as rules,
      ${tax} as tax`),
  );
  const read = row as { variants: VariantJson[]; rules: RuleJson[]; tax: number | string };
  return {
    variants: read.variants.map((v) => ({
      variantId: v.variantId,
      amount: v.amount === null ? null : BigInt(v.amount),
      productId: v.productId,
      categoryId: v.categoryId,
      live: v.live,
    })),
    rules: read.rules.map(toRuleFacts),
    taxBasisPoints: Number(read.tax),
  };
}

interface VariantJson {
  variantId: string;
  amount: string | null;
  productId: string | null;
  categoryId: string | null;
  live: boolean | null;
}

/** Prices of these variants in these currencies (a superset of the wanted pairs), with their rules: ONE statement. */
export async function pricedVariants(
  db: Executor,
  variantIds: string[],
  currencies: string[],
  at: Date,
): Promise<PricedVariant[]> {
  const rows = await db
    .select(pricedColumns(at))
    .from(prices)
    .leftJoin(catalogVariants, eq(catalogVariants.variantId, prices.variantId))
    .where(and(inArray(prices.variantId, variantIds), inArray(prices.currency, currencies)));
  return rows.map(toPriced);
}

/** Prices of the live variants of these products in these currencies, with their rules: ONE statement. */
export async function pricedVariantsOfProducts(
  db: Executor,
  productIds: string[],
  currencies: string[],
  at: Date,
): Promise<PricedVariant[]> {
  const rows = await db
    .select(pricedColumns(at))
    .from(catalogVariants)
    .innerJoin(prices, eq(prices.variantId, catalogVariants.variantId))
    .where(
      and(
        inArray(catalogVariants.productId, productIds),
        eq(catalogVariants.live, true),
        inArray(prices.currency, currencies),
      ),
    );
  return rows.map(toPriced);
}

export async function upsertPrice(
  db: Executor,
  row: Pick<PriceRow, 'variantId' | 'currency' | 'amount' | 'compareAt'>,
): Promise<PriceRow> {
  const [saved] = await db
    .insert(prices)
    .values(row)
    .onConflictDoUpdate({
      target: [prices.variantId, prices.currency],
      set: { amount: row.amount, compareAt: row.compareAt, updatedAt: sql`now()` },
    })
    .returning();
  return saved!;
}

/** Inserts prices in batches, keeping existing ones (seeds). */
export async function insertPricesIfAbsent(
  db: Executor,
  rows: Pick<PriceRow, 'variantId' | 'currency' | 'amount' | 'compareAt'>[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const result = await db
      .insert(prices)
      .values(batch)
      .onConflictDoNothing()
      .returning({ variantId: prices.variantId });
    inserted += result.length;
  }
  return inserted;
}
