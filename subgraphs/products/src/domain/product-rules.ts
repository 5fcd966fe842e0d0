/** Checks and userErrors shared by the product and variant use cases. */
import type { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { StoredAttribute, StoredOption } from '../db/schema';
import { toStoredAttributes, type attributesField } from './attributes';
import { userError, type ProductResult, type ProductUserError } from './errors';
import { checkOptions, type optionsField } from './options';

/** Options and attributes as given in a create or update input, checked together. */
export interface CheckedDetails {
  options: StoredOption[] | undefined;
  attributes: StoredAttribute[] | undefined;
}

/** Cross-field checks of the option and attribute lists (shapes were checked by zod). */
export function checkDetails(
  options: z.output<typeof optionsField> | null | undefined,
  attributes: z.output<typeof attributesField> | null | undefined,
): ProductResult<CheckedDetails> {
  const errors: ProductUserError[] = [];
  const storedOptions = options ? options.map((o) => ({ name: o.name, values: o.values })) : undefined;
  if (storedOptions) errors.push(...checkOptions(storedOptions, ['options']));
  let storedAttributes: StoredAttribute[] | undefined;
  if (attributes) {
    const checked = toStoredAttributes(attributes, ['attributes']);
    if (checked.ok) storedAttributes = checked.value;
    else errors.push(...checked.errors);
  }
  return errors.length > 0 ? failMany(errors) : ok({ options: storedOptions, attributes: storedAttributes });
}

export const categoryNotFound = (path: (string | number)[]): ProductUserError =>
  userError('NOT_FOUND', 'No category has this id.', path);

export const slugTaken = (slug: string, path: (string | number)[]): ProductUserError =>
  userError('SLUG_TAKEN', `The slug "${slug}" is already used by another product.`, path);

export const productNotFound = (path: (string | number)[]): ProductUserError =>
  userError('NOT_FOUND', 'No product has this id.', path);

/** `ids` with `id` moved to `position` (clamped to the list), for reordering variants. */
export function moveTo(ids: readonly string[], id: string, position: number): string[] {
  const rest = ids.filter((other) => other !== id);
  const at = Math.min(Math.max(position, 0), rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
