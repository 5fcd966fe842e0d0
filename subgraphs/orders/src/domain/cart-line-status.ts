import type { CartLineRow } from '../db/schema';

export type CartLineStockStatus = 'RESERVED' | 'EXPIRED' | 'OUT_OF_STOCK' | 'NOT_RESERVED';

/** A line's stock status as clients see it: a hold past its time has lapsed (EXPIRED). */
export function lineStockStatus(line: CartLineRow, now: Date = new Date()): CartLineStockStatus {
  if (line.stockStatus !== 'RESERVED') return line.stockStatus;
  return line.reservedUntil !== null && line.reservedUntil.getTime() <= now.getTime() ? 'EXPIRED' : 'RESERVED';
}
