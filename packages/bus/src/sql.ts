import { safeErrorText } from '@shop/core';

/** Raw statements' rows on either driver (postgres.js or PGlite). */
export { rowsOf } from '@shop/db';

/** bigint columns arrive as bigint (postgres.js here), number or string (PGlite) depending on the driver. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new Error(`expected a number, got ${typeof value}`);
}

/** Error text for logs, dead letters and the outbox: never SQL parameters, never a byte PostgreSQL refuses. */
export const errorMessage = (error: unknown): string => safeErrorText(error);
