import type { CommandResponse } from '@shop/events';
import type { Executor } from '@shop/db';
import { liveVariantSummaries, liveVariantSummariesPage } from '../db/variants.store';

type VariantSummary = CommandResponse<'products.variantsGet'>['variants'][number];
type VariantPageEntry = CommandResponse<'products.variantsPage'>['variants'][number];

/**
 * Catalog facts about variants for other services (e.g. a checkout quote), in request order without repeats.
 * Deleted variants and variants of deleted products are left out: a caller must treat them as unavailable.
 */
export async function getVariantSummaries(db: Executor, variantIds: readonly string[]): Promise<VariantSummary[]> {
  const unique = [...new Set(variantIds)];
  const rows = await liveVariantSummaries(db, unique);
  const byId = new Map(rows.map((row) => [row.variantId, row]));
  return unique.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { optionValues, ...summary } = row;
    const variantTitle = optionValues.length > 0 ? optionValues.map((option) => option.value).join(' / ') : null;
    return [{ ...summary, variantTitle }];
  });
}

/** One page of live variants in id order; `next` is the cursor for the following page, null at the end. */
export async function getVariantSummariesPage(
  db: Executor,
  after: string | null,
  limit: number,
): Promise<{ variants: VariantPageEntry[]; next: string | null }> {
  const rows = await liveVariantSummariesPage(db, after, limit);
  return { variants: rows, next: rows.length === limit ? rows[rows.length - 1]!.variantId : null };
}
