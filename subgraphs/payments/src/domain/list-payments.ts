import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countIntents, intentPage, type IntentFilter } from '../db/intents.store';
import type { PaymentIntentRow } from '../db/schema';

/** Cursors are [list tag, id]: ids are UUIDv7, so id order is creation order. */
const CURSOR_LENGTH = 2;

async function list(
  db: Executor,
  tag: string,
  filter: IntentFilter,
  order: 'asc' | 'desc',
  args: PageArgs,
): Promise<Connection<PaymentIntentRow>> {
  const window = pageWindow(args, CURSOR_LENGTH);
  const cursor = window.cursor ? cursorPart.uuid(cursorPart.tagged(window.cursor, tag)[0]) : null;
  const rows = await intentPage(db, filter, order, { cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [tag, row.id],
    () => countIntents(db, filter),
  );
}

/** `payments(filter)`: newest first. */
export const listPayments = (db: Executor, filter: IntentFilter, args: PageArgs) =>
  list(db, 'payments', filter, 'desc', args);

/** `paymentsForReview`: held and undecided, oldest first (the queue staff work through). */
export const listPaymentsForReview = (db: Executor, args: PageArgs) =>
  list(db, 'review', { reviewPending: true }, 'asc', args);
