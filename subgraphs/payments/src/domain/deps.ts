import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { PaymentsConfig } from '../config';
import type { PaymentProvider } from '../providers/types';

/** The providers payments can talk to: new intents go to `current`; later calls to the one that made the intent. */
export interface Providers {
  current: PaymentProvider;
  named(name: string): PaymentProvider;
  all: readonly PaymentProvider[];
}

/** What the payments use cases need from the platform: the database, the outbox, the providers and the config. */
export interface PaymentsDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
  providers: Providers;
  config: PaymentsConfig;
}
