import { and, asc, eq } from 'drizzle-orm';
import { insertRow, lockRowWhere, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { disputes, paymentIntents, webhookEvents, type DisputeRow, type PaymentIntentRow } from './schema';

/** Every SQL statement on payments.disputes and payments.webhook_events. */

/** Records a provider event as seen; false when it was seen before (a replay). */
export async function markWebhookEvent(
  tx: Executor,
  values: { provider: string; eventId: string; type: string },
): Promise<boolean> {
  const rows = await tx
    .insert(webhookEvents)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: webhookEvents.eventId });
  return rows.length > 0;
}

export function lockIntentByReference(
  tx: Executor,
  provider: string,
  reference: string,
): Promise<PaymentIntentRow | undefined> {
  return lockRowWhere(
    tx,
    paymentIntents,
    and(eq(paymentIntents.provider, provider), eq(paymentIntents.providerReference, reference)),
  );
}

export function lockDisputeByProviderId(
  tx: Executor,
  provider: string,
  providerDisputeId: string,
): Promise<DisputeRow | undefined> {
  return lockRowWhere(
    tx,
    disputes,
    and(eq(disputes.provider, provider), eq(disputes.providerDisputeId, providerDisputeId)),
  );
}

export function lockDispute(tx: Executor, id: string): Promise<DisputeRow | undefined> {
  return lockRowWhere(tx, disputes, eq(disputes.id, id));
}

export async function insertDispute(tx: Executor, values: typeof disputes.$inferInsert): Promise<DisputeRow> {
  return insertRow(tx, disputes, values);
}

export async function updateDispute(
  tx: Executor,
  id: string,
  values: Partial<Omit<typeof disputes.$inferInsert, 'id'>>,
): Promise<DisputeRow> {
  return (await updateRowById(tx, disputes, id, values))!;
}

export const disputesOfIntents = rowsByKeys(disputes, disputes.paymentIntentId, [
  asc(disputes.createdAt),
  asc(disputes.id),
]);

export const disputesByIds = rowsByIds(disputes);
