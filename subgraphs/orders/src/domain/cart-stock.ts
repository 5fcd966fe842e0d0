import { CommandError } from '@shop/bus';
import { newId } from '@shop/core';
import { recordLineHold } from '../db/cart-lines.store';
import type { OrdersDeps } from './deps';

/** A line whose units must be held (again): its quantity changed or it is new. Its old hold is already cleared. */
export interface HoldJob {
  cartId: string;
  lineId: string;
  variantId: string;
  quantity: number;
}

/** The `inventory.reserve` reference of a line's hold. */
export const lineReference = (cartId: string, lineId: string): string => `cart:${cartId}:${lineId}`;

/** Gives holds back (lines changed or removed). Best effort: a hold nobody releases lapses at its TTL. */
export async function releaseHolds(deps: Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>, reservationIds: string[]) {
  await Promise.all(
    reservationIds.map(async (reservationId) => {
      try {
        await deps.bus.call(
          'inventory.release',
          { idempotencyKey: `release:${reservationId}`, reservationId },
          { timeoutMs: deps.cart.commandTimeoutMs },
        );
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        deps.logger.warn(
          { code: error.code, reservationId },
          'a cart line hold was not released; it lapses at its TTL',
        );
      }
    }),
  );
}

/**
 * Holds stock for each line on its own (`inventory.reserve`, one reservation per line), so one line running out
 * does not block the others. Runs after the cart's transaction committed: a hold is recorded only while the line
 * still has the quantity it was taken for and no other hold (a concurrent change won), else it is given back.
 * A line that could not be held is OUT_OF_STOCK; one inventory did not answer for stays NOT_RESERVED.
 */
export async function takeHolds(deps: Pick<OrdersDeps, 'db' | 'bus' | 'logger' | 'cart'>, jobs: HoldJob[]) {
  if (!deps.cart.reservations || jobs.length === 0) return;
  await Promise.all(
    jobs.map(async (job) => {
      let response;
      try {
        response = await deps.bus.call(
          'inventory.reserve',
          {
            idempotencyKey: newId(),
            reference: lineReference(job.cartId, job.lineId),
            lines: [{ variantId: job.variantId, quantity: job.quantity }],
            ttlSeconds: deps.cart.reservationTtlSeconds,
          },
          { timeoutMs: deps.cart.commandTimeoutMs },
        );
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        deps.logger.warn({ code: error.code, lineId: job.lineId }, 'inventory did not hold a cart line');
        return;
      }
      const line = { id: job.lineId, quantity: job.quantity, previousReservationId: null };
      if (response.reservationId === null) {
        await recordLineHold(deps.db, line, { reservationId: null, reservedUntil: null, stockStatus: 'OUT_OF_STOCK' });
        return;
      }
      const recorded = await recordLineHold(deps.db, line, {
        reservationId: response.reservationId,
        reservedUntil: response.expiresAt === null ? null : new Date(response.expiresAt),
        stockStatus: 'RESERVED',
      });
      if (!recorded) await releaseHolds(deps, [response.reservationId]);
    }),
  );
}
