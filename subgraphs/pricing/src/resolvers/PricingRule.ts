import type { PricingRuleResolvers } from '../__generated__/resolvers-types';
import { moneyOrNull } from './money';

export const PricingRule: PricingRuleResolvers = {
  amount: (rule) => moneyOrNull(rule.amount, rule.currency),
};
