import type { PlatformDeps } from '@shop/server';

/** What inventory's use cases need from the platform: the database and the outbox. */
export interface InventoryDeps extends PlatformDeps {
  /** Reservation lifetime when the caller gives none (INVENTORY_RESERVATION_TTL_SECONDS, default 900). */
  defaultReservationTtlSeconds: number;
}

export const DEFAULT_RESERVATION_TTL_SECONDS = 900;

export function reservationTtlFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.INVENTORY_RESERVATION_TTL_SECONDS ?? DEFAULT_RESERVATION_TTL_SECONDS);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_RESERVATION_TTL_SECONDS;
}
