import { z } from 'zod';
import { nullishText } from '@shop/core';

export { parseInput } from './errors';

/** A decimal amount as the API takes it ("19.99"); the currency's decimals are checked against the payment. */
export const amountField = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,4})?$/, 'Enter an amount such as "19.99".')
  .nullish()
  .transform((v) => v ?? null);

export const reasonField = nullishText(500);

/** A payment's id as the platform decoded it from the global ID: anything else is simply not found. */
export const idField = z.string();
