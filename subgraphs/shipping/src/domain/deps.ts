import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { ShippingSettings } from './settings';

/** What the shipping use cases need from the platform: the database, the outbox and the carriers. */
export interface ShippingDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
  settings: ShippingSettings;
}
