import { z } from 'zod';
import { formatDecimal, isUuid, newId, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR } from '@shop/events';
import { insertDispute, lockDispute, lockDisputeByProviderId, updateDispute } from '../db/disputes.store';
import { insertLedgerEntry } from '../db/ledger.store';
import type { DisputeRow, PaymentIntentRow } from '../db/schema';
import type { PaymentsDeps } from './deps';
import { refuse, type PaymentsResult } from './errors';
import { parseInput } from './validation';
import type { Viewer } from './viewer';

/** What a provider says about a dispute (from its webhook). */
export interface ProviderDispute {
  providerDisputeId: string;
  amount: bigint;
  currency: string;
  reason: string | null;
  /** Set when the provider decided it. */
  outcome: 'WON' | 'LOST' | null;
}

async function emitDispute(
  deps: PaymentsDeps,
  tx: Tx,
  type: 'dispute.opened' | 'dispute.closed',
  dispute: DisputeRow,
  intent: PaymentIntentRow,
) {
  await deps.emit(tx, {
    type,
    subject: dispute.id,
    data: {
      disputeId: dispute.id,
      paymentIntentId: intent.id,
      orderId: intent.orderId,
      status: dispute.status,
      amount: formatDecimal(dispute.amount, dispute.currency),
      currency: dispute.currency,
    },
    actor: SYSTEM_ACTOR,
  });
}

/**
 * Applies a provider's dispute news in the webhook's transaction, whatever order the news arrives in: the first
 * word of a dispute (opened, or already decided) opens it, taking the disputed money out (a DISPUTE ledger entry);
 * a decision closes it once (WON gives the money back: DISPUTE_REVERSAL); news about a closed dispute changes nothing.
 */
export async function applyProviderDispute(
  deps: PaymentsDeps,
  tx: Tx,
  intent: PaymentIntentRow,
  news: ProviderDispute,
): Promise<DisputeRow> {
  let dispute = await lockDisputeByProviderId(tx, intent.provider, news.providerDisputeId);
  if (!dispute) {
    dispute = await insertDispute(tx, {
      id: newId(),
      paymentIntentId: intent.id,
      provider: intent.provider,
      providerDisputeId: news.providerDisputeId,
      status: 'OPEN',
      amount: news.amount,
      currency: news.currency,
      reason: news.reason,
    });
    await insertLedgerEntry(tx, {
      paymentIntentId: intent.id,
      kind: 'DISPUTE',
      amount: news.amount,
      currency: news.currency,
      reference: dispute.id,
    });
    await emitDispute(deps, tx, 'dispute.opened', dispute, intent);
  }
  if (news.outcome && (dispute.status === 'OPEN' || dispute.status === 'UNDER_REVIEW')) {
    dispute = await updateDispute(tx, dispute.id, { status: news.outcome, closedAt: new Date() });
    if (news.outcome === 'WON')
      await insertLedgerEntry(tx, {
        paymentIntentId: intent.id,
        kind: 'DISPUTE_REVERSAL',
        amount: dispute.amount,
        currency: dispute.currency,
        reference: dispute.id,
      });
    await emitDispute(deps, tx, 'dispute.closed', dispute, intent);
  }
  return dispute;
}

const evidenceInput = z.object({
  disputeId: z.string(),
  evidence: z.string().trim().min(1, 'Describe the evidence.').max(5000, 'Use at most 5000 characters.'),
});
export type DisputeEvidenceSubmitInput = z.input<typeof evidenceInput>;

/** disputeEvidenceSubmit: staff answer an open dispute; it is then UNDER_REVIEW until the provider decides. */
export async function submitDisputeEvidence(
  deps: PaymentsDeps,
  _viewer: Viewer,
  input: DisputeEvidenceSubmitInput,
): Promise<PaymentsResult<DisputeRow>> {
  const parsed = parseInput(evidenceInput, input);
  if (!parsed.ok) return parsed;
  if (!isUuid(parsed.value.disputeId)) return refuse('NOT_FOUND', 'No dispute with this id.', ['disputeId']);
  return deps.db.transaction(async (tx) => {
    const dispute = await lockDispute(tx, parsed.value.disputeId);
    if (!dispute) return refuse('NOT_FOUND', 'No dispute with this id.', ['disputeId']);
    if (dispute.status !== 'OPEN')
      return refuse('INVALID_STATE', 'Evidence can only be submitted for an open dispute.', ['disputeId']);
    return ok(
      await updateDispute(tx, dispute.id, {
        status: 'UNDER_REVIEW',
        evidence: parsed.value.evidence,
        evidenceSubmittedAt: new Date(),
      }),
    );
  });
}
