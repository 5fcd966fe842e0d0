import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import { mediaOfProduct } from '../db/media.store';
import { setPositions } from '../db/positions';
import { lockLiveProduct } from '../db/products.store';
import { media as mediaTable, type ProductRow } from '../db/schema';
import { touchProduct } from './add-media';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCase } from './errors';
import { productNotFound } from './product-rules';
import { runInTransaction } from '@shop/db';
import { idField, repeatedIndexes } from './validation';

const mediaReorderInput = z.object({
  productId: idField,
  mediaIds: z.array(idField),
});

/**
 * mediaReorder: the new order must name every media item of the product exactly once, so a client working
 * from a stale list gets an error instead of silently dropping an item it did not know about.
 */
export const reorderMedia = useCase(
  mediaReorderInput,
  async (deps: CatalogDeps, actor: Actor | null, { productId, mediaIds }): Promise<ProductResult<ProductRow>> => {
    return runInTransaction(deps.db, async (tx) => {
      const product = isUuid(productId) ? await lockLiveProduct(tx, productId) : undefined;
      if (!product) return failMany([productNotFound(['productId'])]);
      const current = new Set((await mediaOfProduct(tx, product.id)).map((m) => m.id));
      const errors: ProductUserError[] = [];
      for (const index of repeatedIndexes(mediaIds)) {
        errors.push(userError('INVALID', 'This media id is listed twice.', ['mediaIds', index]));
      }
      mediaIds.forEach((id, index) => {
        if (!current.has(id))
          errors.push(userError('NOT_FOUND', 'The product has no media item with this id.', ['mediaIds', index]));
      });
      const missing = [...current].filter((id) => !mediaIds.includes(id));
      if (missing.length > 0) {
        errors.push(
          userError('INVALID', `List every media item of the product; missing: ${missing.join(', ')}.`, ['mediaIds']),
        );
      }
      if (errors.length > 0) return failMany(errors);
      await setPositions(tx, mediaTable, mediaIds);
      return ok(await touchProduct(tx, deps, actor, product.id));
    });
  },
);
