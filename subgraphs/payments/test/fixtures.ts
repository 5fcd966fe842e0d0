import { newId } from '@shop/core';
import type { CommandRequest } from '@shop/events';
import { startTestSubgraphWithDeps, type TestSubgraphWithDeps } from '@shop/testing';
import { paymentsDepsOf } from '../src/context';
import type { PaymentsDeps } from '../src/domain/deps';
import { paymentsSubgraph } from '../src/service';

/** Payments' own test pieces: the subgraph on the shared harness (commands served over the real bus) and callers. */

export type PaymentsHarness = TestSubgraphWithDeps<PaymentsDeps>;

export async function startPaymentsHarness(label: string): Promise<PaymentsHarness> {
  // 10 connections: enough for the concurrency tests, and kind to a PostgreSQL shared by many test files.
  return startTestSubgraphWithDeps(paymentsSubgraph, paymentsDepsOf, { label, maxConnections: 10 });
}

/** A generous command timeout: tests run on a loaded machine. */
const CALL = { timeoutMs: 30_000 };

export type AuthorizeInput = Partial<Omit<CommandRequest<'payments.authorize'>, 'customer'>> & {
  customer?: Partial<CommandRequest<'payments.authorize'>['customer']>;
};

export const authorize = (h: PaymentsHarness, input: AuthorizeInput = {}) =>
  h.subgraph.deps.bus.call(
    'payments.authorize',
    {
      idempotencyKey: input.idempotencyKey ?? newId(),
      orderId: input.orderId ?? newId(),
      orderNumber: input.orderNumber ?? 'T-1001',
      amount: input.amount ?? '100.00',
      currency: input.currency ?? 'EUR',
      paymentToken: input.paymentToken ?? 'test-card-ok',
      customer: { userId: newId(), email: `buyer-${newId()}@example.com`, ip: null, ...input.customer },
      billingCountry: input.billingCountry ?? 'DE',
      shippingCountry: input.shippingCountry ?? 'DE',
    },
    CALL,
  );

export const capture = (h: PaymentsHarness, orderId: string, amount: string | null = null, key = newId()) =>
  h.subgraph.deps.bus.call('payments.capture', { idempotencyKey: key, orderId, amount }, CALL);

export const voidPayment = (h: PaymentsHarness, orderId: string, key = newId()) =>
  h.subgraph.deps.bus.call('payments.void', { idempotencyKey: key, orderId }, CALL);

export const refund = (h: PaymentsHarness, orderId: string, amount: string | null, key = newId()) =>
  h.subgraph.deps.bus.call('payments.refund', { idempotencyKey: key, orderId, amount, reason: null }, CALL);
