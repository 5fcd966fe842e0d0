import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import type { Tx } from '@shop/db';
import { setPositions } from '../db/positions';
import { lockLiveProduct } from '../db/products.store';
import { variants as variantsTable, type ProductRow, type VariantRow } from '../db/schema';
import {
  findLiveVariant,
  liveVariantsOfProduct,
  takenSkus,
  updateVariantRow,
  type VariantPatch,
} from '../db/variants.store';
import { duplicateVariant, skuTaken, variantViolationError } from './create-variant';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCase } from './errors';
import { variantEventData } from './events';
import { matchOptionValues, optionValueInput } from './options';
import { moveTo } from './product-rules';
import { runInTransaction } from '@shop/db';
import { idField, positionField, skuField, weightField } from './validation';

const variantUpdateInput = z.object({
  id: idField,
  sku: skuField.nullish(),
  optionValues: z.array(optionValueInput).nullish(),
  weightGrams: weightField.nullish(),
  position: positionField.nullish(),
});
type Parsed = z.output<typeof variantUpdateInput>;

export const variantNotFound = (path: (string | number)[]): ProductUserError =>
  userError('NOT_FOUND', 'No variant has this id.', path);

/** Finds a live variant and locks its product, re-reading the variant under the lock. */
export async function lockVariantAndProduct(
  tx: Tx,
  id: string,
): Promise<{ product: ProductRow; variant: VariantRow; siblings: VariantRow[] } | null> {
  const found = isUuid(id) ? await findLiveVariant(tx, id) : undefined;
  const product = found ? await lockLiveProduct(tx, found.productId) : undefined;
  if (!product) return null;
  const siblings = await liveVariantsOfProduct(tx, product.id);
  const variant = siblings.find((s) => s.id === id);
  return variant ? { product, variant, siblings } : null;
}

async function update(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  input: Parsed,
): Promise<ProductResult<VariantRow>> {
  const locked = await lockVariantAndProduct(tx, input.id);
  if (!locked) return failMany([variantNotFound(['id'])]);
  const { product, variant, siblings } = locked;

  const errors: ProductUserError[] = [];
  const patch: VariantPatch = {};
  if (input.optionValues != null) {
    const matched = matchOptionValues(product.options, input.optionValues, ['optionValues']);
    if (!matched.ok) errors.push(...matched.errors);
    else {
      const twin = siblings.find((s) => s.id !== variant.id && s.optionKey === matched.value.optionKey);
      if (twin) errors.push(duplicateVariant(twin, ['optionValues']));
      Object.assign(patch, matched.value);
    }
  }
  if (input.sku != null && input.sku !== variant.sku) {
    if ((await takenSkus(tx, [input.sku], variant.id)).size > 0) errors.push(skuTaken(input.sku, ['sku']));
    patch.sku = input.sku;
  }
  if (input.weightGrams != null) patch.weightGrams = input.weightGrams;
  if (errors.length > 0) return failMany(errors);

  if (input.position != null) {
    const order = moveTo(
      siblings.map((s) => s.id),
      variant.id,
      input.position,
    );
    await setPositions(tx, variantsTable, order);
  }
  const updated = await updateVariantRow(tx, variant.id, patch);
  await deps.emit(tx, { type: 'variant.updated', subject: updated.id, data: variantEventData(updated), actor });
  return ok(updated);
}

/** variantUpdate: changes the given fields; a new position shifts the other variants. Emits variant.updated. */
export const updateVariant = useCase(
  variantUpdateInput,
  async (deps: CatalogDeps, actor: Actor | null, input): Promise<ProductResult<VariantRow>> => {
    return runInTransaction(
      deps.db,
      (tx) => update(tx, deps, actor, input),
      (violation) => variantViolationError(violation, input.sku),
    );
  },
);
