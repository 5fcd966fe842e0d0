import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { AttributeType, StoredAttribute } from '../db/schema';
import { userError, type ProductResult, type ProductUserError } from './errors';
import { MAX_ATTRIBUTES_PER_PRODUCT } from './limits';
import { repeatedIndexes } from './validation';

/**
 * Typed product attributes. The API speaks canonical text ("1.5", "true", "2025-01-31"); storage keeps the
 * JSON type, so jsonb containment (`attributes @> '[{"name":"organic","value":true}]'`) finds them through
 * the GIN index.
 */

export const ATTRIBUTE_TYPES = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE'] as const satisfies readonly AttributeType[];

export const attributeInput = z.object({
  name: z.string().trim().min(1, 'Enter an attribute name.').max(64, 'Use at most 64 characters.'),
  type: z.enum(ATTRIBUTE_TYPES),
  value: z.string().trim().max(1000, 'Use at most 1,000 characters.'),
});

export const attributesField = z
  .array(attributeInput)
  .max(MAX_ATTRIBUTES_PER_PRODUCT, `A product has at most ${MAX_ATTRIBUTES_PER_PRODUCT} attributes.`);

type AttributeInput = z.output<typeof attributeInput>;

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The typed value of `text`, or why it does not fit `type`. */
export function parseAttributeValue(
  type: AttributeType,
  text: string,
): { ok: true; value: StoredAttribute['value'] } | { ok: false; message: string } {
  switch (type) {
    case 'TEXT':
      return text.length > 0 ? { ok: true, value: text } : { ok: false, message: 'Enter a value.' };
    case 'NUMBER': {
      const value = Number(text);
      return NUMBER.test(text) && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, message: `"${text}" is not a number; write it like "12" or "1.5".` };
    }
    case 'BOOLEAN':
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false, message: 'Write "true" or "false".' };
    case 'DATE':
      return isCalendarDate(text)
        ? { ok: true, value: text }
        : { ok: false, message: `"${text}" is not a date; write it as YYYY-MM-DD.` };
  }
}

/** Validates a whole attribute list: names unique (ignoring case), every value fitting its type. */
export function toStoredAttributes(
  list: readonly AttributeInput[],
  path: (string | number)[],
): ProductResult<StoredAttribute[]> {
  const errors: ProductUserError[] = [];
  for (const index of repeatedIndexes(
    list.map((a) => a.name),
    (n) => n.toLowerCase(),
  )) {
    errors.push(userError('INVALID', `The attribute "${list[index]!.name}" is given twice.`, [...path, index, 'name']));
  }
  const stored: StoredAttribute[] = [];
  list.forEach((attribute, index) => {
    const parsed = parseAttributeValue(attribute.type, attribute.value);
    if (parsed.ok) stored.push({ name: attribute.name, type: attribute.type, value: parsed.value });
    else errors.push(userError('INVALID', parsed.message, [...path, index, 'value']));
  });
  return errors.length > 0 ? failMany(errors) : ok(stored);
}

/** The canonical text of a stored value. */
export function formatAttributeValue(attribute: StoredAttribute): string {
  return typeof attribute.value === 'string' ? attribute.value : String(attribute.value);
}

/**
 * The stored JSON values a filter value may match: the text itself, and its number or boolean reading, so
 * "1.50" finds the NUMBER 1.5 and "true" finds the BOOLEAN true without the filter naming a type.
 */
export function attributeFilterCandidates(text: string): (string | number | boolean)[] {
  const candidates: (string | number | boolean)[] = [text];
  const number = Number(text);
  if (NUMBER.test(text) && Number.isFinite(number)) candidates.push(number);
  if (text === 'true' || text === 'false') candidates.push(text === 'true');
  return candidates;
}
