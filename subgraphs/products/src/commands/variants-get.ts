import type { CommandHandler } from '@shop/bus';
import type { Executor } from '@shop/db';
import { getVariantSummaries, getVariantSummariesPage } from '../domain/get-variant-summaries';

/** `products.variantsGet`: a batch lookup, one statement whatever the number of ids (at most 100). */
export const handleVariantsGet =
  (db: Executor): CommandHandler<'products.variantsGet'> =>
  async (request) => ({ variants: await getVariantSummaries(db, request.variantIds) });

/** `products.variantsPage`: the catalog's live variants, a page at a time. */
export const handleVariantsPage =
  (db: Executor): CommandHandler<'products.variantsPage'> =>
  async (request) =>
    getVariantSummariesPage(db, request.after, request.limit);
