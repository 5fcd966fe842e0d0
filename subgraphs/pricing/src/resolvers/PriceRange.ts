import { toMoney } from '@shop/core';
import type { PriceRangeResolvers } from '../__generated__/resolvers-types';

export const PriceRange: PriceRangeResolvers = {
  min: (range) => toMoney(range.min, range.currency),
  max: (range) => toMoney(range.max, range.currency),
};
