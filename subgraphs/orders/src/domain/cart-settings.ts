import { z } from 'zod';

/**
 * Cart configuration (environment):
 * - `CART_RESERVATIONS` (default `on`): `off` stops holding stock for cart lines (checkout still reserves).
 * - `CART_RESERVATION_TTL_SECONDS` (default 900, 60 to 86400): how long a line's hold lasts after its last change.
 * - `CART_DEFAULT_CURRENCY` (default USD): the currency of a cart created without one.
 * - `CART_COMMAND_TIMEOUT_MS` (default 3000): how long to wait for products, inventory, pricing and shipping.
 */
export interface CartSettings {
  reservations: boolean;
  reservationTtlSeconds: number;
  defaultCurrency: string;
  commandTimeoutMs: number;
}

export const DEFAULT_CART_SETTINGS: CartSettings = {
  reservations: true,
  reservationTtlSeconds: 900,
  defaultCurrency: 'USD',
  commandTimeoutMs: 3_000,
};

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export function cartSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CartSettings {
  const reservations = (env.CART_RESERVATIONS ?? 'on').trim().toLowerCase();
  if (!['on', 'off', 'true', 'false'].includes(reservations))
    throw new Error(`CART_RESERVATIONS must be "on" or "off", not "${env.CART_RESERVATIONS}"`);
  return {
    reservations: reservations === 'on' || reservations === 'true',
    reservationTtlSeconds: integer(60, 86_400).parse(
      env.CART_RESERVATION_TTL_SECONDS ?? DEFAULT_CART_SETTINGS.reservationTtlSeconds,
    ),
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .parse(env.CART_DEFAULT_CURRENCY ?? DEFAULT_CART_SETTINGS.defaultCurrency),
    commandTimeoutMs: integer(100, 60_000).parse(env.CART_COMMAND_TIMEOUT_MS ?? DEFAULT_CART_SETTINGS.commandTimeoutMs),
  };
}
