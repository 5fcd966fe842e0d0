import { CommandError } from '@shop/bus';
import { newId } from '@shop/core';
import type { Executor } from '@shop/db';
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
 * does not block the others. Runs after the cart's change committed, each after the holds it replaces were given
 * back; a hold is recorded only on a line that still has its quantity and no hold, and given back otherwise. A line
 * that could not be held is OUT_OF_STOCK; one inventory did not answer for stays NOT_RESERVED (the next change of the
 * cart tries again). Should recording fail, the holds just taken are given back before the error goes on.
 */
export async function takeHolds(deps: Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>, db: Executor, jobs: HoldJob[]) {
  if (!deps.cart.reservations || jobs.length === 0) return;
  const taken: string[] = [];
  try {
    await takeEach(deps, db, jobs, taken);
  } catch (error) {
    await releaseHolds(deps, taken);
    throw error;
  }
}

async function takeEach(
  deps: Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>,
  db: Executor,
  jobs: HoldJob[],
  taken: string[],
) {
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
        await recordLineHold(db, line, { reservationId: null, reservedUntil: null, stockStatus: 'OUT_OF_STOCK' });
        return;
      }
      taken.push(response.reservationId);
      const recorded = await recordLineHold(db, line, {
        reservationId: response.reservationId,
        reservedUntil: response.expiresAt === null ? null : new Date(response.expiresAt),
        stockStatus: 'RESERVED',
      });
      if (!recorded) await releaseHolds(deps, [response.reservationId]);
    }),
  );
}
