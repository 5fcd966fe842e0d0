import { z } from 'zod';
import { failMany, isUuid, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import type { Tx } from '@shop/db';
import { categoriesByIds } from '../db/categories.store';
import type { ConstraintViolation } from '@shop/db';
import { isProductSlugTaken, lockLiveProduct, updateProductRow, type ProductPatch } from '../db/products.store';
import type { ProductRow, StoredOption } from '../db/schema';
import { liveVariantsOfProduct, updateVariantRow } from '../db/variants.store';
import { attributesField } from './attributes';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCase } from './errors';
import { productEventData } from './events';
import { matchOptionValues, optionsField } from './options';
import { categoryNotFound, checkDetails, productNotFound, slugTaken, type CheckedDetails } from './product-rules';
import { runInTransaction } from '@shop/db';
import { descriptionField, idField, nameField, slugField } from './validation';

const productUpdateInput = z.object({
  id: idField,
  name: nameField(200).nullish(),
  slug: slugField.nullish(),
  description: descriptionField.nullish(),
  status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']).nullish(),
  // undefined keeps the category, null removes it.
  categoryId: idField.nullish(),
  options: optionsField.nullish(),
  attributes: attributesField.nullish(),
});
type Parsed = z.output<typeof productUpdateInput>;

/**
 * New options must still fit every live variant (values may be added, unused ones removed); the variants'
 * option values are then rewritten in the new option order.
 */
async function applyOptions(tx: Tx, product: ProductRow, options: StoredOption[]): Promise<ProductResult<void>> {
  const variants = await liveVariantsOfProduct(tx, product.id);
  const errors: ProductUserError[] = [];
  for (const variant of variants) {
    const matched = matchOptionValues(options, variant.optionValues, []);
    if (!matched.ok) {
      const why = matched.errors.map((e) => e.message).join(' ');
      errors.push(
        userError('OPTION_MISMATCH', `Variant "${variant.sku}" would not fit these options: ${why}`, ['options']),
      );
    } else if (JSON.stringify(matched.value.optionValues) !== JSON.stringify(variant.optionValues)) {
      await updateVariantRow(tx, variant.id, { optionValues: matched.value.optionValues });
    }
  }
  return errors.length > 0 ? failMany(errors) : ok(undefined);
}

async function update(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  input: Parsed,
  details: CheckedDetails,
): Promise<ProductResult<ProductRow>> {
  const product = isUuid(input.id) ? await lockLiveProduct(tx, input.id) : undefined;
  if (!product) return failMany([productNotFound(['id'])]);

  const errors: ProductUserError[] = [];
  const patch: ProductPatch = {};
  if (input.name != null) patch.name = input.name;
  if (input.description != null) patch.description = input.description;
  if (input.status != null) patch.status = input.status;
  if (input.slug != null && input.slug !== product.slug) {
    if (await isProductSlugTaken(tx, input.slug, product.id)) errors.push(slugTaken(input.slug, ['slug']));
    patch.slug = input.slug;
  }
  if (input.categoryId === null) patch.categoryId = null;
  else if (input.categoryId !== undefined) {
    const exists = isUuid(input.categoryId) && (await categoriesByIds(tx, [input.categoryId])).length > 0;
    if (!exists) errors.push(categoryNotFound(['categoryId']));
    patch.categoryId = input.categoryId;
  }
  if (details.attributes) patch.attributes = details.attributes;
  if (details.options) {
    const applied = await applyOptions(tx, product, details.options);
    if (!applied.ok) errors.push(...applied.errors);
    patch.options = details.options;
  }
  if (errors.length > 0) return failMany(errors);

  const updated = await updateProductRow(tx, product.id, patch);
  await deps.emit(tx, { type: 'product.updated', subject: updated.id, data: productEventData(updated), actor });
  return ok(updated);
}

function violationError(violation: ConstraintViolation, input: Parsed): ProductUserError | null {
  if (violation.constraint === 'products_slug_live_key') return slugTaken(input.slug ?? '', ['slug']);
  if (violation.constraint === 'products_category_id_categories_id_fk') return categoryNotFound(['categoryId']);
  return null;
}

/** productUpdate: changes the given fields only, in one transaction with its product.updated event. */
export const updateProduct = useCase(
  productUpdateInput,
  async (deps: CatalogDeps, actor: Actor | null, input): Promise<ProductResult<ProductRow>> => {
    const details = checkDetails(input.options, input.attributes);
    if (!details.ok) return details;
    return runInTransaction(
      deps.db,
      (tx) => update(tx, deps, actor, input, details.value),
      (violation) => violationError(violation, input),
    );
  },
);
