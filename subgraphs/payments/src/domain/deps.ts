import type { PlatformDeps } from '@shop/server';
import type { PaymentsConfig } from '../config';
import type { PaymentProvider } from '../providers/types';

/** The providers payments can talk to: new intents go to `current`; later calls to the one that made the intent. */
export interface Providers {
  current: PaymentProvider;
  named(name: string): PaymentProvider;
  all: readonly PaymentProvider[];
}

/** What the payments use cases need from the platform: the database, the outbox, the providers and the config. */
export interface PaymentsDeps extends PlatformDeps {
  providers: Providers;
  config: PaymentsConfig;
}
