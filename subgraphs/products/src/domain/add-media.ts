import { z } from 'zod';
import { failMany, isUuid, newId, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import type { Tx } from '@shop/db';
import { countMediaOfProduct, insertMedia } from '../db/media.store';
import { lockLiveProduct, updateProductRow } from '../db/products.store';
import type { MediaRow, ProductRow } from '../db/schema';
import { findLiveVariant } from '../db/variants.store';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, useCase } from './errors';
import { productEventData } from './events';
import { MAX_MEDIA_PER_PRODUCT } from './limits';
import { productNotFound } from './product-rules';
import { runInTransaction } from '@shop/db';
import { idField, urlField } from './validation';

const mediaAddInput = z.object({
  productId: idField,
  variantId: idField.nullish(),
  kind: z.enum(['IMAGE', 'VIDEO']),
  url: urlField,
  alt: z.string().trim().max(500, 'Use at most 500 characters.').nullish(),
});

export type MediaAddInput = z.input<typeof mediaAddInput>;
type Parsed = z.output<typeof mediaAddInput>;

/**
 * The product row changes whenever its media do (`updated_at`), and consumers hear about it as
 * product.updated: media are part of the product aggregate.
 */
export async function touchProduct(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  productId: string,
): Promise<ProductRow> {
  const product = await updateProductRow(tx, productId, {});
  await deps.emit(tx, { type: 'product.updated', subject: product.id, data: productEventData(product), actor });
  return product;
}

async function add(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  input: Parsed,
): Promise<ProductResult<{ media: MediaRow; product: ProductRow }>> {
  const product = isUuid(input.productId) ? await lockLiveProduct(tx, input.productId) : undefined;
  if (!product) return failMany([productNotFound(['productId'])]);
  if (input.variantId != null) {
    const variant = isUuid(input.variantId) ? await findLiveVariant(tx, input.variantId) : undefined;
    if (!variant || variant.productId !== product.id) {
      return failMany([userError('NOT_FOUND', 'The product has no variant with this id.', ['variantId'])]);
    }
  }
  const existing = await countMediaOfProduct(tx, product.id);
  if (existing >= MAX_MEDIA_PER_PRODUCT) {
    return failMany([
      userError('LIMIT_EXCEEDED', `A product has at most ${MAX_MEDIA_PER_PRODUCT} media items.`, ['productId']),
    ]);
  }
  const [media] = await insertMedia(tx, [
    {
      id: newId(),
      productId: product.id,
      variantId: input.variantId ?? null,
      kind: input.kind,
      url: input.url,
      alt: input.alt ?? '',
      position: existing,
    },
  ]);
  return ok({ media: media!, product: await touchProduct(tx, deps, actor, product.id) });
}

/** mediaAdd: appends an image or video to a product (optionally tied to one of its variants). */
export const addMedia = useCase(
  mediaAddInput,
  async (
    deps: CatalogDeps,
    actor: Actor | null,
    input,
  ): Promise<ProductResult<{ media: MediaRow; product: ProductRow }>> => {
    return runInTransaction(deps.db, (tx) => add(tx, deps, actor, input));
  },
);
