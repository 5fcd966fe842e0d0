import { safeErrorText } from '@shop/core';

/**
 * `db.execute` returns the driver's own result: an array of rows from postgres.js, `{ rows }` from PGlite.
 * Raw statements here go through this so the same code runs on both.
 */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Record<string, unknown>[];
  }
  return [];
}

/** bigint columns arrive as bigint (postgres.js here), number or string (PGlite) depending on the driver. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new Error(`expected a number, got ${typeof value}`);
}

/** Error text for logs, dead letters and the outbox: never SQL parameters, never a byte PostgreSQL refuses. */
export const errorMessage = (error: unknown): string => safeErrorText(error);
