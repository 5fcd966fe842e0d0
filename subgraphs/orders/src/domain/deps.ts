import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';

/** What the orders use cases need from the platform: the database and the outbox. */
export interface OrdersDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
}
