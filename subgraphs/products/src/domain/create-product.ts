import { z } from 'zod';
import { failMany, isUuid, newId, ok } from '@shop/core';
import type { Actor } from '@shop/events';
import type { Tx } from '@shop/db';
import { categoriesByIds } from '../db/categories.store';
import type { ConstraintViolation } from '@shop/db';
import { insertProduct, isProductSlugTaken, liveProductSlugsLike } from '../db/products.store';
import type { ProductRow, StoredOptionValue } from '../db/schema';
import { insertVariants, takenSkus } from '../db/variants.store';
import { attributesField } from './attributes';
import type { CatalogDeps } from './deps';
import { userError, type ProductResult, type ProductUserError, useCase } from './errors';
import { productEventData, variantEventData } from './events';
import { MAX_VARIANTS_PER_PRODUCT } from './limits';
import { describeOptionValues, matchOptionValues, optionValueInput, optionsField } from './options';
import { categoryNotFound, checkDetails, slugTaken } from './product-rules';
import { firstFreeSlug, slugify } from './slug';
import { runInTransaction } from '@shop/db';
import { descriptionField, idField, nameField, repeatedIndexes, skuField, slugField, weightField } from './validation';

const productCreateInput = z.object({
  name: nameField(200),
  slug: slugField.nullish(),
  description: descriptionField.nullish(),
  status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']).nullish(),
  categoryId: idField.nullish(),
  options: optionsField.nullish(),
  attributes: attributesField.nullish(),
  variants: z
    .array(
      z.object({
        sku: skuField,
        optionValues: z.array(optionValueInput).nullish(),
        weightGrams: weightField.nullish(),
      }),
    )
    .nullish(),
});

export type ProductCreateInput = z.input<typeof productCreateInput>;

interface PreparedVariant {
  sku: string;
  optionValues: StoredOptionValue[];
  optionKey: string;
  weightGrams: number;
}

interface PreparedProduct {
  name: string;
  /** Null: generate one from the name. */
  slug: string | null;
  description: string;
  status: ProductRow['status'];
  categoryId: string | null;
  options: ProductRow['options'];
  attributes: ProductRow['attributes'];
  variants: PreparedVariant[];
}

/** Every check that needs no database: options, attributes, and each variant against them and the others. */
function prepare(input: z.output<typeof productCreateInput>): ProductResult<PreparedProduct> {
  const details = checkDetails(input.options, input.attributes);
  if (!details.ok) return details;
  const options = details.value.options ?? [];
  const variantInputs = input.variants ?? [];
  if (variantInputs.length > MAX_VARIANTS_PER_PRODUCT) {
    return failMany([
      userError('LIMIT_EXCEEDED', `A product has at most ${MAX_VARIANTS_PER_PRODUCT} variants.`, ['variants']),
    ]);
  }
  const errors: ProductUserError[] = [];
  for (const index of repeatedIndexes(
    variantInputs.map((v) => v.sku),
    (s) => s.toLowerCase(),
  )) {
    errors.push(
      userError('SKU_TAKEN', `The SKU "${variantInputs[index]!.sku}" is given to two variants.`, [
        'variants',
        index,
        'sku',
      ]),
    );
  }
  const variants: PreparedVariant[] = [];
  const combinations = new Set<string>();
  variantInputs.forEach((variant, index) => {
    const matched = matchOptionValues(options, variant.optionValues ?? [], ['variants', index, 'optionValues']);
    if (!matched.ok) return void errors.push(...matched.errors);
    if (combinations.has(matched.value.optionKey)) {
      errors.push(
        userError(
          'DUPLICATE_VARIANT',
          `Two variants have the same options (${describeOptionValues(matched.value.optionValues)}).`,
          ['variants', index, 'optionValues'],
        ),
      );
    }
    combinations.add(matched.value.optionKey);
    variants.push({ sku: variant.sku, ...matched.value, weightGrams: variant.weightGrams ?? 0 });
  });
  if (errors.length > 0) return failMany(errors);
  return ok({
    name: input.name,
    slug: input.slug ?? null,
    description: input.description ?? '',
    status: input.status ?? 'DRAFT',
    categoryId: input.categoryId ?? null,
    options,
    attributes: details.value.attributes ?? [],
    variants,
  });
}

async function insertPrepared(
  tx: Tx,
  deps: CatalogDeps,
  actor: Actor | null,
  draft: PreparedProduct,
): Promise<ProductResult<ProductRow>> {
  const errors: ProductUserError[] = [];
  if (
    draft.categoryId !== null &&
    !(isUuid(draft.categoryId) && (await categoriesByIds(tx, [draft.categoryId])).length > 0)
  ) {
    errors.push(categoryNotFound(['categoryId']));
  }
  let slug = draft.slug;
  if (slug === null) {
    const base = slugify(draft.name, 'product');
    slug = firstFreeSlug(base, await liveProductSlugsLike(tx, base));
  } else if (await isProductSlugTaken(tx, slug)) {
    errors.push(slugTaken(slug, ['slug']));
  }
  const taken = await takenSkus(
    tx,
    draft.variants.map((v) => v.sku),
  );
  draft.variants.forEach((variant, index) => {
    if (taken.has(variant.sku.toLowerCase())) {
      errors.push(
        userError('SKU_TAKEN', `The SKU "${variant.sku}" is already used by another variant.`, [
          'variants',
          index,
          'sku',
        ]),
      );
    }
  });
  if (errors.length > 0) return failMany(errors);

  const product = await insertProduct(tx, {
    id: newId(),
    slug,
    name: draft.name,
    description: draft.description,
    status: draft.status,
    categoryId: draft.categoryId,
    options: draft.options,
    attributes: draft.attributes,
  });
  const variants = await insertVariants(
    tx,
    draft.variants.map((variant, position) => ({ id: newId(), productId: product.id, ...variant, position })),
  );
  await deps.emit(tx, { type: 'product.created', subject: product.id, data: productEventData(product), actor });
  for (const variant of variants) {
    await deps.emit(tx, { type: 'variant.created', subject: variant.id, data: variantEventData(variant), actor });
  }
  return ok(product);
}

/** Maps the constraint a concurrent writer won on to the field the client should fix. */
function violationError(violation: ConstraintViolation, draft: PreparedProduct): ProductUserError | null {
  switch (violation.constraint) {
    case 'products_slug_live_key':
      return slugTaken(draft.slug ?? '(generated)', ['slug']);
    case 'variants_sku_live_key': {
      const sku = /=\((.*)\)/.exec(violation.detail)?.[1];
      const index = draft.variants.findIndex((v) => v.sku.toLowerCase() === sku);
      return userError(
        'SKU_TAKEN',
        `The SKU "${sku ?? ''}" is already used by another variant.`,
        index >= 0 ? ['variants', index, 'sku'] : ['variants'],
      );
    }
    case 'products_category_id_categories_id_fk':
      return categoryNotFound(['categoryId']);
    default:
      return null;
  }
}

/** A generated slug can lose a race to a concurrent create; it is then regenerated, a few times at most. */
const GENERATED_SLUG_ATTEMPTS = 3;

/**
 * productCreate: the product, its first variants, and their events, in one transaction. Emits
 * product.created and one variant.created per variant.
 */
export const createProduct = useCase(
  productCreateInput,
  async (deps: CatalogDeps, actor: Actor | null, input): Promise<ProductResult<ProductRow>> => {
    const draft = prepare(input);
    if (!draft.ok) return draft;
    for (let attempt = 1; ; attempt++) {
      const result = await runInTransaction(
        deps.db,
        (tx) => insertPrepared(tx, deps, actor, draft.value),
        (violation) => violationError(violation, draft.value),
      );
      const lostSlugRace =
        !result.ok && draft.value.slug === null && result.errors.some((e) => e.code === 'SLUG_TAKEN');
      if (!lostSlugRace || attempt >= GENERATED_SLUG_ATTEMPTS) return result;
    }
  },
);
