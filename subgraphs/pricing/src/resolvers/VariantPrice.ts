import { toMoney } from '@shop/core';
import type { VariantPriceResolvers } from '../__generated__/resolvers-types';
import { moneyOrNull } from './money';

export const VariantPrice: VariantPriceResolvers = {
  amount: (row) => toMoney(row.amount, row.currency),
  compareAtAmount: (row) => moneyOrNull(row.compareAt, row.currency),
};
