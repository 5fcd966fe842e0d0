import { toMoney } from '@shop/core';
import type { PaymentIntentResolvers } from '../__generated__/resolvers-types';

export const PaymentIntent: PaymentIntentResolvers = {
  // Through a loader (one statement for a page of `_entities`); null for a caller who may not see it.
  __resolveReference: (reference, ctx) => ctx.payments.findPayment(reference.id),
  order: (intent) => ({ id: intent.orderId }),
  amount: (intent) => toMoney(intent.amount, intent.currency),
  authorizedAmount: (intent) => toMoney(intent.authorizedAmount, intent.currency),
  capturedAmount: (intent) => toMoney(intent.capturedAmount, intent.currency),
  refundedAmount: (intent) => toMoney(intent.refundedAmount, intent.currency),
  action: (intent) =>
    intent.status === 'REQUIRES_ACTION' && intent.actionUrl ? { type: 'THREE_DS', url: intent.actionUrl } : null,
  failure: (intent) =>
    intent.status === 'FAILED'
      ? { code: intent.failureCode ?? 'DECLINED', message: intent.failureMessage ?? 'The payment failed.' }
      : null,
  risk: (intent, _args, ctx) =>
    ctx.viewer.manager ? { score: intent.riskScore, decision: intent.riskDecision, reasons: intent.riskReasons } : null,
  refunds: (intent, _args, ctx) => ctx.payments.refundsOf(intent),
  disputes: (intent, _args, ctx) => ctx.payments.disputesOf(intent),
  ledger: (intent, _args, ctx) => ctx.payments.ledgerOf(intent),
};
