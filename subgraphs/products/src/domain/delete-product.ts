import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import { lockLiveProduct, softDeleteProduct } from '../db/products.store';
import { softDeleteLiveVariantsOfProduct } from '../db/variants.store';
import type { CatalogDeps } from './deps';
import { type ProductResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { productNotFound } from './product-rules';
import { idField } from './validation';

const productDeleteInput = z.object({ id: idField });

/**
 * productDelete: a soft delete of the product and its live variants. Catalog staff still resolve both through
 * `_entities` (entity-references.ts); the catalog stops listing them and their slug and SKUs become free again. One
 * product.deleted event carries the variant ids, and each variant gets its own variant.deleted (ordered per variant).
 */
export const deleteProduct = useCase(
  productDeleteInput,
  async (deps: CatalogDeps, actor: Actor | null, { id }): Promise<ProductResult<string>> => {
    return runInTransaction(deps.db, async (tx) => {
      const product = isUuid(id) ? await lockLiveProduct(tx, id) : undefined;
      if (!product) return failMany([productNotFound(['id'])]);
      const variantIds = await softDeleteLiveVariantsOfProduct(tx, product.id);
      await softDeleteProduct(tx, product.id);
      // Each variant's own deletion too: consumers keep variant state in order per variant (its sequence), so a late
      // variant.created can never resurrect a variant whose product is gone.
      for (const variantId of variantIds) {
        await deps.emit(tx, {
          type: 'variant.deleted',
          subject: variantId,
          data: { variantId, productId: product.id },
          actor,
        });
      }
      await deps.emit(tx, {
        type: 'product.deleted',
        subject: product.id,
        data: { productId: product.id, variantIds },
        actor,
      });
      return ok(product.id);
    });
  },
);
