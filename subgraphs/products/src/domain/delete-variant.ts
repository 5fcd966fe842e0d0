import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import { detachMediaFromVariant } from '../db/media.store';
import { setPositions } from '../db/positions';
import { variants as variantsTable, type ProductRow } from '../db/schema';
import { softDeleteVariant } from '../db/variants.store';
import type { CatalogDeps } from './deps';
import { type ProductResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { lockVariantAndProduct, variantNotFound } from './update-variant';
import { idField } from './validation';

const variantDeleteInput = z.object({ id: idField });

/**
 * variantDelete: a soft delete (orders keep resolving the variant), its SKU and option combination become
 * free, its media stay on the product, the remaining variants close the gap. Emits variant.deleted.
 */
export const deleteVariant = useCase(
  variantDeleteInput,
  async (
    deps: CatalogDeps,
    actor: Actor | null,
    input,
  ): Promise<ProductResult<{ deletedVariantId: string; product: ProductRow }>> => {
    return runInTransaction(deps.db, async (tx) => {
      const locked = await lockVariantAndProduct(tx, input.id);
      if (!locked) return failMany([variantNotFound(['id'])]);
      const { product, variant, siblings } = locked;
      await softDeleteVariant(tx, variant.id);
      await detachMediaFromVariant(tx, variant.id);
      await setPositions(
        tx,
        variantsTable,
        siblings.filter((s) => s.id !== variant.id).map((s) => s.id),
      );
      await deps.emit(tx, {
        type: 'variant.deleted',
        subject: variant.id,
        data: { variantId: variant.id, productId: product.id },
        actor,
      });
      return ok({ deletedVariantId: variant.id, product });
    });
  },
);
