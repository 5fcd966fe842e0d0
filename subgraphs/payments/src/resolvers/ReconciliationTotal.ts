import { toMoney } from '@shop/core';
import type { CurrencyCode, ReconciliationTotalResolvers } from '../__generated__/resolvers-types';

export const ReconciliationTotal: ReconciliationTotalResolvers = {
  // Ledger currencies come from the commands, which pricing's currencies feed.
  currencyCode: (t) => t.currency as CurrencyCode,
  authorized: (t) => toMoney(t.authorized, t.currency),
  captured: (t) => toMoney(t.captured, t.currency),
  voided: (t) => toMoney(t.voided, t.currency),
  refunded: (t) => toMoney(t.refunded, t.currency),
  disputed: (t) => toMoney(t.disputed, t.currency),
  net: (t) => toMoney(t.net, t.currency),
};
