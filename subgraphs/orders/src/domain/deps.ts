import type { Emit, ServiceBus } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';

/** Another subgraph's command, as the bus calls it (throws CommandError on timeout or no responder). */
export type CallCommand = ServiceBus['call'];

/** What the orders use cases need from the platform: the database, the outbox and other subgraphs' commands. */
export interface OrdersDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
  /** Calls another subgraph's command (checkout: pricing, shipping, inventory, payments). */
  call: CallCommand;
  /** Checkout's timings (settings.ts). */
  settings: CheckoutSettings;
}

/** How long checkout waits, holds and keeps things; every value has a production default (settings.ts). */
export interface CheckoutSettings {
  /** Each command call's timeout. */
  commandTimeoutMs: number;
  /** `payments.authorize`'s timeout (the provider may be slow). */
  authorizeTimeoutMs: number;
  /** How long the order's stock is held (the reservation's TTL). */
  reservationTtlSeconds: number;
  /** A running saga past this is taken over by recovery. */
  sagaDeadlineMs: number;
  /** A saga waiting for 3-D Secure past this is compensated by recovery. */
  actionDeadlineMs: number;
  /** How long a second call with the same idempotency key waits for the first one's answer. */
  idempotencyWaitMs: number;
  /** How long idempotency keys are kept. */
  idempotencyTtlMs: number;
  /** How often recovery looks for overdue sagas. */
  recoveryIntervalMs: number;
}
