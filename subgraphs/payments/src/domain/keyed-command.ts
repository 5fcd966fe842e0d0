import type { Tx } from '@shop/db';
import { lockCommandKey, storedReply, storeReply } from '../db/command-replies.store';
import type { PaymentsDeps } from './deps';

/**
 * Runs a keyed command once: calls with the same key are serialised, and the first successful reply is stored with
 * the change in one transaction, so a retry answers it again without repeating the change. A refusal (a reply with
 * an error) stores nothing: its retry is evaluated afresh, as inventory does.
 */
export async function keyedCommand<R extends { error: unknown }>(
  deps: PaymentsDeps,
  command: string,
  key: string,
  work: (tx: Tx) => Promise<R>,
): Promise<R> {
  return deps.db.transaction(async (tx) => {
    await lockCommandKey(tx, command, key);
    const stored = await storedReply(tx, command, key);
    if (stored !== undefined) return stored as R;
    const reply = await work(tx);
    if (reply.error === null) await storeReply(tx, command, key, reply);
    return reply;
  });
}
