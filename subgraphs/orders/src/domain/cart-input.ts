import { z } from 'zod';

/** A cart holds at most this many lines, each of 1 to MAX_QUANTITY units. */
export const MAX_LINES = 100;
export const MAX_QUANTITY = 999;

export const quantityField = z
  .number()
  .int('Use a whole number of units.')
  .refine((q) => q >= 1 && q <= MAX_QUANTITY, {
    message: `Use 1 to ${MAX_QUANTITY} units.`,
    params: { code: 'QUANTITY_LIMIT' },
  });

/** Ids arrive decoded (raw UUIDs) from the platform; anything else names nothing. */
export const uuidField = z.uuid('Not a valid id.').transform((id) => id.toLowerCase());

export const lineInput = z.object({ variantId: uuidField, quantity: quantityField });

export const linesField = (min: number) =>
  z
    .array(lineInput)
    .min(min, 'Give at least one line.')
    .refine((lines) => lines.length <= MAX_LINES, {
      message: `A cart holds at most ${MAX_LINES} lines.`,
      params: { code: 'TOO_MANY_LINES' },
    });

export type LineInput = z.output<typeof lineInput>;
