import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { PricingSettings } from './settings';

/** What pricing's use cases need from the platform. */
export interface PricingDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
  settings: PricingSettings;
}
