import { claimOverdueSagas } from '../db/checkout-sagas.store';
import { deleteExpiredIdempotencyKeys } from '../db/idempotency-keys.store';
import type { CheckoutSagaRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { compensateSaga, confirmSaga } from './saga-finish';
import { releaseReservationOutcome } from './saga-steps';

/** Sagas one recovery pass takes at most; the next pass takes the rest. */
const BATCH = 50;

/**
 * One recovery pass (DESIGN.md §4 step 5): every saga past its deadline is resumed or compensated, so no order stays
 * PENDING. Each claimed saga's deadline is pushed forward first (a lease), so replicas and overlapping passes never
 * drive one saga twice; the saga's compare-and-set guards against the request or a payment event finishing it meanwhile.
 * - RUNNING: the request died (or is stuck) somewhere between reserve and confirm. If its reservation is already
 *   committed, the payment was authorized (commit only follows authorization): resume and confirm. Otherwise
 *   compensate: void (which also refuses an authorization still in flight) and release.
 * - WAITING: the customer never completed 3-D Secure in time: compensate.
 * - COMPENSATING: a compensation failed earlier: try it again.
 */
export async function recoverOverdueSagas(deps: OrdersDeps): Promise<{ recovered: number; expiredKeys: number }> {
  const sagas = await claimOverdueSagas(deps.db, BATCH, deps.checkout.sagaDeadlineMs);
  let recovered = 0;
  for (const saga of sagas) {
    try {
      await recoverSaga(deps, saga);
      recovered++;
    } catch (error) {
      deps.logger.error(
        { orderId: saga.orderId, err: error },
        'recovering a checkout saga failed; the next pass retries',
      );
    }
  }
  const expiredKeys = await deleteExpiredIdempotencyKeys(deps.db);
  return { recovered, expiredKeys };
}

async function recoverSaga(deps: OrdersDeps, saga: CheckoutSagaRow): Promise<void> {
  if (saga.state === 'RUNNING' && saga.reservationId) {
    const release = await releaseReservationOutcome(deps, saga.reservationId, `checkout:${saga.orderId}:release`);
    if (release === 'COMMITTED') {
      await confirmSaga(deps, saga, ['RUNNING']);
      return;
    }
  }
  const [code, message] =
    saga.state === 'WAITING'
      ? (['PAYMENT_DECLINED', 'The payment step (3-D Secure) was not completed in time; nothing was charged.'] as const)
      : (['SERVICE_UNAVAILABLE', 'The checkout did not finish; nothing was charged.'] as const);
  // Without a recorded reservation, whether one exists under the saga's key is unknown: compensation settles it.
  await compensateSaga(deps, saga, code, message, { reserveUnknown: saga.reservationId === null });
}

/**
 * Runs recovery at start-up and then every `recoveryIntervalMs` (the subgraph definition's `start` hook); returns the
 * function that stops it (waiting for a pass in progress).
 */
export function startSagaRecovery(deps: OrdersDeps): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const pass = () => {
    running = recoverOverdueSagas(deps)
      .then((outcome) => {
        if (outcome.recovered > 0) deps.logger.info(outcome, 'checkout sagas recovered');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'checkout saga recovery pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(pass, deps.checkout.recoveryIntervalMs);
      });
  };
  pass();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
