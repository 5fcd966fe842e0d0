import type { DiscountCodeResolvers } from '../__generated__/resolvers-types';
import { moneyOrNull } from './money';

export const DiscountCode: DiscountCodeResolvers = {
  amount: (code) => moneyOrNull(code.amount, code.currency),
  minimumSubtotal: (code) => moneyOrNull(code.minimumSubtotal, code.currency),
};
