import { toMoney } from '@shop/core';
import type { LedgerEntryResolvers } from '../__generated__/resolvers-types';

export const LedgerEntry: LedgerEntryResolvers = {
  amount: (entry) => toMoney(entry.amount, entry.currency),
};
