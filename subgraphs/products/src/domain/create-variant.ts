import { z } from 'zod';
import { failMany, isUuid, newId, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import type { Tx } from '@shop/db';
import type { ConstraintViolation } from '@shop/db';
import { setPositions } from '../db/positions';
import { lockLiveProduct } from '../db/products.store';
import { variants as variantsTable, type ProductRow, type VariantRow } from '../db/schema';
import { insertVariants, liveVariantsOfProduct, takenSkus } from '../db/variants.store';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCase } from './errors';
import { variantEventData } from './events';
import { MAX_VARIANTS_PER_PRODUCT } from './limits';
import { describeOptionValues, matchOptionValues, optionValueInput } from './options';
import { moveTo, productNotFound } from './product-rules';
import { runInTransaction } from '@shop/db';
import { idField, positionField, skuField, weightField } from './validation';

const variantCreateInput = z.object({
  productId: idField,
  sku: skuField,
  optionValues: z.array(optionValueInput).nullish(),
  weightGrams: weightField.nullish(),
  position: positionField.nullish(),
});
type Parsed = z.output<typeof variantCreateInput>;

export const skuTaken = (sku: string, path: (string | number)[]): ProductUserError =>
  userError('SKU_TAKEN', `The SKU "${sku}" is already used by another variant.`, path);

export const duplicateVariant = (
  variant: Pick<VariantRow, 'optionValues' | 'sku'>,
  path: (string | number)[],
): ProductUserError =>
  userError(
    'DUPLICATE_VARIANT',
    `Variant "${variant.sku}" already has these options (${describeOptionValues(variant.optionValues)}).`,
    path,
  );

async function create(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  input: Parsed,
): Promise<ProductResult<{ variant: VariantRow; product: ProductRow }>> {
  // The product row lock serialises variant writes per product, so the limit and positions stay exact.
  const product = isUuid(input.productId) ? await lockLiveProduct(tx, input.productId) : undefined;
  if (!product) return failMany([productNotFound(['productId'])]);
  const siblings = await liveVariantsOfProduct(tx, product.id);
  if (siblings.length >= MAX_VARIANTS_PER_PRODUCT) {
    return failMany([
      userError('LIMIT_EXCEEDED', `A product has at most ${MAX_VARIANTS_PER_PRODUCT} variants.`, ['productId']),
    ]);
  }
  const errors: ProductUserError[] = [];
  const matched = matchOptionValues(product.options, input.optionValues ?? [], ['optionValues']);
  if (!matched.ok) errors.push(...matched.errors);
  else {
    const twin = siblings.find((s) => s.optionKey === matched.value.optionKey);
    if (twin) errors.push(duplicateVariant(twin, ['optionValues']));
  }
  if ((await takenSkus(tx, [input.sku])).size > 0) errors.push(skuTaken(input.sku, ['sku']));
  if (errors.length > 0 || !matched.ok) return failMany(errors);

  const id = newId();
  const position = input.position ?? siblings.length;
  const order = moveTo([...siblings.map((s) => s.id), id], id, position);
  const [variant] = await insertVariants(tx, [
    {
      id,
      productId: product.id,
      sku: input.sku,
      ...matched.value,
      weightGrams: input.weightGrams ?? 0,
      position: order.indexOf(id),
    },
  ]);
  if (order.indexOf(id) !== siblings.length) await setPositions(tx, variantsTable, order);
  await deps.emit(tx, { type: 'variant.created', subject: id, data: variantEventData(variant!), actor });
  return ok({ variant: variant!, product });
}

export function variantViolationError(
  violation: ConstraintViolation,
  sku: string | null | undefined,
): ProductUserError | null {
  if (violation.constraint === 'variants_sku_live_key') return skuTaken(sku ?? '', ['sku']);
  if (violation.constraint === 'variants_option_key_live_key') {
    return userError('DUPLICATE_VARIANT', 'Another variant of the product already has these options.', [
      'optionValues',
    ]);
  }
  return null;
}

/** variantCreate: adds one variant (at the end unless a position is given) and emits variant.created. */
export const createVariant = useCase(
  variantCreateInput,
  async (
    deps: CatalogDeps,
    actor: Actor | null,
    input,
  ): Promise<ProductResult<{ variant: VariantRow; product: ProductRow }>> => {
    return runInTransaction(
      deps.db,
      (tx) => create(tx, deps, actor, input),
      (violation) => variantViolationError(violation, input.sku),
    );
  },
);
