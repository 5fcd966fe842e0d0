import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import { commandReplies } from './schema';

/** Every SQL statement on payments.command_replies: the first answer per (command, idempotency key). */

/** Serialises calls with one key for the rest of the transaction. */
export async function lockCommandKey(tx: Executor, command: string, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments:${command}:${key}`}))`);
}

export async function storedReply(db: Executor, command: string, key: string): Promise<unknown> {
  const [row] = await db
    .select({ reply: commandReplies.reply })
    .from(commandReplies)
    .where(and(eq(commandReplies.command, command), eq(commandReplies.idempotencyKey, key)));
  return row?.reply;
}

export async function storeReply(tx: Executor, command: string, key: string, reply: unknown): Promise<void> {
  await tx.insert(commandReplies).values({ command, idempotencyKey: key, reply }).onConflictDoNothing();
}
