import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { StoredOption, StoredOptionValue } from '../db/schema';
import { userError, type ProductResult, type ProductUserError } from './errors';
import { MAX_OPTIONS_PER_PRODUCT, MAX_VALUES_PER_OPTION } from './limits';
import { repeatedIndexes } from './validation';

/** Product options (Size: S, M, L) and how a variant's option values must fit them. */

export const optionInput = z.object({
  name: z.string().trim().min(1, 'Enter an option name.').max(50, 'Use at most 50 characters.'),
  values: z
    .array(z.string().trim().min(1, 'Enter a value.').max(100, 'Use at most 100 characters.'))
    .min(1, 'Give the option at least one value.')
    .max(MAX_VALUES_PER_OPTION, `An option has at most ${MAX_VALUES_PER_OPTION} values.`),
});

export const optionsField = z
  .array(optionInput)
  .max(MAX_OPTIONS_PER_PRODUCT, `A product has at most ${MAX_OPTIONS_PER_PRODUCT} options.`);

export const optionValueInput = z.object({
  name: z.string().trim(),
  value: z.string().trim(),
});

export type OptionValueInput = z.output<typeof optionValueInput>;

/** Option names must differ (ignoring case), and so must the values of one option. */
export function checkOptions(options: readonly StoredOption[], path: (string | number)[]): ProductUserError[] {
  const errors: ProductUserError[] = [];
  for (const index of repeatedIndexes(
    options.map((o) => o.name),
    (n) => n.toLowerCase(),
  )) {
    errors.push(userError('INVALID', `The option "${options[index]!.name}" is given twice.`, [...path, index, 'name']));
  }
  options.forEach((option, i) => {
    for (const j of repeatedIndexes(option.values)) {
      errors.push(
        userError('INVALID', `"${option.values[j]}" is given twice for ${option.name}.`, [...path, i, 'values', j]),
      );
    }
  });
  return errors;
}

export interface MatchedOptionValues {
  /** One value per option, in the product's option order. */
  optionValues: StoredOptionValue[];
  /** The combination in a canonical form, independent of option order (unique per product). */
  optionKey: string;
}

export const optionKeyOf = (values: readonly StoredOptionValue[]): string =>
  JSON.stringify(values.map((v) => [v.name, v.value]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));

/** Checks that a variant gives exactly one allowed value for each of the product's options. */
export function matchOptionValues(
  options: readonly StoredOption[],
  given: readonly OptionValueInput[],
  path: (string | number)[],
): ProductResult<MatchedOptionValues> {
  const errors: ProductUserError[] = [];
  const chosen = new Map<string, string>();
  const known =
    options.length > 0 ? `its options are ${options.map((o) => `"${o.name}"`).join(', ')}` : 'it has no options';
  given.forEach((entry, index) => {
    const option = options.find((o) => o.name === entry.name);
    if (!option) {
      errors.push(
        userError('OPTION_MISMATCH', `The product has no option "${entry.name}"; ${known}.`, [...path, index, 'name']),
      );
      return;
    }
    if (chosen.has(option.name)) {
      errors.push(userError('OPTION_MISMATCH', `"${option.name}" is given twice.`, [...path, index, 'name']));
      return;
    }
    chosen.set(option.name, entry.value);
    if (!option.values.includes(entry.value)) {
      errors.push(
        userError(
          'OPTION_MISMATCH',
          `"${entry.value}" is not a value of ${option.name}; use one of ${option.values.map((v) => `"${v}"`).join(', ')}.`,
          [...path, index, 'value'],
        ),
      );
    }
  });
  const missing = options.filter((o) => !chosen.has(o.name));
  if (missing.length > 0) {
    errors.push(
      userError('OPTION_MISMATCH', `Give a value for ${missing.map((o) => `"${o.name}"`).join(', ')}.`, path),
    );
  }
  if (errors.length > 0) return failMany(errors);
  const optionValues = options.map((o) => ({ name: o.name, value: chosen.get(o.name)! }));
  return ok({ optionValues, optionKey: optionKeyOf(optionValues) });
}

/** A short label of a combination for messages: "Size=M, Colour=Red" (or "no options"). */
export const describeOptionValues = (values: readonly StoredOptionValue[]): string =>
  values.length > 0 ? values.map((v) => `${v.name}=${v.value}`).join(', ') : 'no options';
