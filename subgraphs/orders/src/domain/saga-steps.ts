import { CommandError } from '@shop/bus';
import type { CommandRequest, CommandResponse } from '@shop/events';
import type { OrdersDeps } from './deps';

/**
 * The checkout saga's cross-domain steps, each with its compensation right beside it. Keys are derived from the
 * order id, so a retried step (recovery, a replayed request) is the same call to the other side, never a second one.
 */

export type StepFailure = 'REFUSED' | 'UNAVAILABLE';

// --- Stock: inventory.reserve, undone by inventory.release; inventory.commit once paid -------------------------

export type ReserveOutcome =
  | { ok: true; reservationId: string; allocations: CommandResponse<'inventory.reserve'>['allocations'] }
  | { ok: false; failure: StepFailure; variantIds: string[] };

export async function reserveStock(
  deps: OrdersDeps,
  orderId: string,
  lines: { variantId: string; quantity: number }[],
  attempt: 'first' | 'retry' = 'first',
): Promise<ReserveOutcome> {
  try {
    const answer = await deps.bus.call(
      'inventory.reserve',
      {
        idempotencyKey: `checkout:${orderId}:reserve${attempt === 'retry' ? ':retry' : ''}`,
        reference: `order:${orderId}`,
        lines,
        ttlSeconds: deps.checkout.reservationTtlSeconds,
      },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    if (answer.reservationId && !answer.error) {
      return { ok: true, reservationId: answer.reservationId, allocations: answer.allocations };
    }
    return { ok: false, failure: 'REFUSED', variantIds: answer.error?.variantIds ?? [] };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, failure: 'UNAVAILABLE', variantIds: [] };
    throw error;
  }
}

/** Compensation of reserveStock. True once the hold is gone (released now or before, or never there). */
export async function releaseReservation(deps: OrdersDeps, reservationId: string, key: string): Promise<boolean> {
  return (await releaseReservationOutcome(deps, reservationId, key)) === 'RELEASED';
}

/** inventory.release's answer: RELEASED (or nothing held), COMMITTED (it was sold: nothing to give back), or FAILED. */
export async function releaseReservationOutcome(
  deps: OrdersDeps,
  reservationId: string,
  key: string,
): Promise<'RELEASED' | 'COMMITTED' | 'FAILED'> {
  try {
    const answer = await deps.bus.call(
      'inventory.release',
      { idempotencyKey: key, reservationId },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    if (answer.released || answer.error?.code === 'NOT_FOUND') return 'RELEASED';
    return answer.error?.code === 'RESERVATION_COMMITTED' ? 'COMMITTED' : 'FAILED';
  } catch (error) {
    deps.logger.warn({ reservationId, err: error }, 'releasing a reservation failed; recovery retries');
    return 'FAILED';
  }
}

export async function commitStock(deps: OrdersDeps, reservationId: string, orderId: string): Promise<boolean> {
  try {
    const answer = await deps.bus.call(
      'inventory.commit',
      { idempotencyKey: `checkout:${orderId}:commit`, reservationId },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    return answer.committed;
  } catch (error) {
    if (error instanceof CommandError) throw new StepUnavailable('inventory.commit', error);
    throw error;
  }
}

// --- Discount codes: pricing.redeem, undone by pricing.unredeem ---------------------------------------------------

/**
 * Takes the order's codes before the payment, so a code limited to K uses is used at most K times however many
 * checkouts run at once. REFUSED when a code can no longer be used (none is then kept).
 */
export async function redeemDiscounts(
  deps: OrdersDeps,
  order: { id: string; userId: string; discountCodes: string[] },
): Promise<'REDEEMED' | 'REFUSED' | 'UNAVAILABLE'> {
  if (order.discountCodes.length === 0) return 'REDEEMED';
  try {
    const answer = await deps.bus.call(
      'pricing.redeem',
      {
        idempotencyKey: `checkout:${order.id}:redeem`,
        orderId: order.id,
        userId: order.userId,
        discountCodes: order.discountCodes,
        at: new Date().toISOString(),
      },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    return answer.redeemed ? 'REDEEMED' : 'REFUSED';
  } catch (error) {
    if (error instanceof CommandError) return 'UNAVAILABLE';
    throw error;
  }
}

/** Compensation of redeemDiscounts (also when its answer was lost). True once nothing is counted for the order. */
export async function unredeemDiscounts(deps: OrdersDeps, orderId: string): Promise<boolean> {
  try {
    await deps.bus.call(
      'pricing.unredeem',
      { idempotencyKey: `checkout:${orderId}:unredeem`, orderId },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    return true;
  } catch (error) {
    deps.logger.warn({ orderId, err: error }, 'giving back a checkout’s discount codes failed; recovery retries');
    return false;
  }
}

// --- Payment: payments.authorize, undone by payments.void --------------------------------------------------------

export type AuthorizeOutcome =
  | { kind: 'AUTHORIZED'; paymentIntentId: string | null }
  | { kind: 'REQUIRES_ACTION'; paymentIntentId: string | null; action: { type: string; url: string } }
  | { kind: 'DECLINED'; message: string }
  | { kind: 'UNAVAILABLE'; message: string };

export async function authorizePayment(
  deps: OrdersDeps,
  request: Omit<CommandRequest<'payments.authorize'>, 'idempotencyKey'>,
): Promise<AuthorizeOutcome> {
  try {
    const answer = await deps.bus.call(
      'payments.authorize',
      { ...request, idempotencyKey: `checkout:${request.orderId}:authorize` },
      { timeoutMs: deps.checkout.authorizeTimeoutMs },
    );
    if (answer.error) {
      const unavailable = answer.error.code === 'PROVIDER_UNAVAILABLE';
      return { kind: unavailable ? 'UNAVAILABLE' : 'DECLINED', message: answer.error.message };
    }
    if (answer.status === 'REQUIRES_ACTION' && answer.action) {
      return { kind: 'REQUIRES_ACTION', paymentIntentId: answer.paymentIntentId, action: answer.action };
    }
    if (answer.status === 'AUTHORIZED' || answer.status === 'CAPTURED' || answer.status === 'PARTIALLY_CAPTURED') {
      return { kind: 'AUTHORIZED', paymentIntentId: answer.paymentIntentId };
    }
    return { kind: 'DECLINED', message: `The payment ended ${answer.status ?? 'without a status'}.` };
  } catch (error) {
    if (error instanceof CommandError) return { kind: 'UNAVAILABLE', message: 'The payment provider did not answer.' };
    throw error;
  }
}

/**
 * Compensation of authorizePayment: safe when the authorization never arrived or is still in flight (payments marks
 * the order void first, so a late authorization is refused). A captured payment is refunded instead. True when
 * nothing is (or will be) charged.
 */
export async function voidPayment(deps: OrdersDeps, orderId: string): Promise<boolean> {
  try {
    const answer = await deps.bus.call(
      'payments.void',
      { idempotencyKey: `checkout:${orderId}:void`, orderId },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    if (answer.voided || answer.error === null) return true;
    const refund = await deps.bus.call(
      'payments.refund',
      { idempotencyKey: `checkout:${orderId}:refund`, orderId, amount: null, reason: 'checkout compensated' },
      { timeoutMs: deps.checkout.commandTimeoutMs },
    );
    return refund.error === null || refund.error.code === 'NOTHING_CAPTURED';
  } catch (error) {
    deps.logger.warn({ orderId, err: error }, 'voiding a checkout payment failed; recovery retries');
    return false;
  }
}

/** A step's service did not answer: the saga stays open and recovery finishes it. */
export class StepUnavailable extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step} did not answer`, { cause });
    this.name = 'StepUnavailable';
  }
}
