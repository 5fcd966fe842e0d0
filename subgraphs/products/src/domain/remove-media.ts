import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import { deleteMedia, mediaByIds } from '../db/media.store';
import { lockLiveProduct } from '../db/products.store';
import type { ProductRow } from '../db/schema';
import { touchProduct } from './add-media';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, useCase } from './errors';
import { runInTransaction } from '@shop/db';
import { idField } from './validation';

const mediaRemoveInput = z.object({ id: idField });

const mediaNotFound = () => userError('NOT_FOUND', 'No media item has this id.', ['id']);

/** mediaRemove: deletes the media item (media are not referenced across subgraphs) and closes the gap. */
export const removeMedia = useCase(
  mediaRemoveInput,
  async (
    deps: CatalogDeps,
    actor: Actor | null,
    { id },
  ): Promise<ProductResult<{ deletedMediaId: string; product: ProductRow }>> => {
    return runInTransaction(deps.db, async (tx) => {
      const [found] = isUuid(id) ? await mediaByIds(tx, [id]) : [];
      const product = found ? await lockLiveProduct(tx, found.productId) : undefined;
      // Re-read under the product lock: a concurrent remove or reorder may have changed it.
      const [media] = product ? await mediaByIds(tx, [id]) : [];
      if (!product || !media) return failMany([mediaNotFound()]);
      await deleteMedia(tx, media);
      return ok({ deletedMediaId: media.id, product: await touchProduct(tx, deps, actor, product.id) });
    });
  },
);
