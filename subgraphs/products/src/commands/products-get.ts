import type { CommandHandler } from '@shop/bus';
import type { Executor } from '@shop/db';
import { getProductSummaries } from '../domain/get-product-summaries';

/** `products.productsGet`: a batch lookup, one statement whatever the number of ids (at most 100). */
export const handleProductsGet =
  (db: Executor): CommandHandler<'products.productsGet'> =>
  async (request) => ({ products: await getProductSummaries(db, request.productIds) });
