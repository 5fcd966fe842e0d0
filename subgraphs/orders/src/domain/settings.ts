import type { CheckoutSettings } from './deps';

const DEFAULTS: CheckoutSettings = {
  commandTimeoutMs: 5_000,
  authorizeTimeoutMs: 15_000,
  reservationTtlSeconds: 15 * 60,
  sagaDeadlineMs: 60_000,
  actionDeadlineMs: 15 * 60_000,
  idempotencyWaitMs: 30_000,
  idempotencyTtlMs: 24 * 60 * 60_000,
  recoveryIntervalMs: 10_000,
};

const positive = (value: string | undefined, fallback: number): number => {
  const parsed = value === undefined ? NaN : Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
};

/**
 * Checkout's timings from the environment (`CHECKOUT_*`), each falling back to its default. The saga deadline must
 * exceed the longest run of one checkout (quote + reserve + authorize timeouts), or recovery would take over a saga
 * that is still running (the saga's compare-and-set keeps that safe, but the customer would see a failure).
 */
export function checkoutSettingsFromEnv(env: Record<string, string | undefined> = process.env): CheckoutSettings {
  return {
    commandTimeoutMs: positive(env.CHECKOUT_COMMAND_TIMEOUT_MS, DEFAULTS.commandTimeoutMs),
    authorizeTimeoutMs: positive(env.CHECKOUT_AUTHORIZE_TIMEOUT_MS, DEFAULTS.authorizeTimeoutMs),
    reservationTtlSeconds: positive(env.CHECKOUT_RESERVATION_TTL_SECONDS, DEFAULTS.reservationTtlSeconds),
    sagaDeadlineMs: positive(env.CHECKOUT_SAGA_DEADLINE_MS, DEFAULTS.sagaDeadlineMs),
    actionDeadlineMs: positive(env.CHECKOUT_ACTION_DEADLINE_MS, DEFAULTS.actionDeadlineMs),
    idempotencyWaitMs: positive(env.CHECKOUT_IDEMPOTENCY_WAIT_MS, DEFAULTS.idempotencyWaitMs),
    idempotencyTtlMs: positive(env.CHECKOUT_IDEMPOTENCY_TTL_MS, DEFAULTS.idempotencyTtlMs),
    recoveryIntervalMs: positive(env.CHECKOUT_RECOVERY_INTERVAL_MS, DEFAULTS.recoveryIntervalMs),
  };
}
