import { identityHasPermission } from '@shop/server';
import type { PricingRuleResolvers } from '../__generated__/resolvers-types';
import { PRICING_WRITE } from '../permissions';
import { moneyOrNull } from './money';

export const PricingRule: PricingRuleResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only pricing:write staff (who may read the
  // staff lists) get the rule; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, PRICING_WRITE) ? ctx.loaders.pricingRuleById.load(reference.id) : null,
  amount: (rule) => moneyOrNull(rule.amount, rule.currency),
};
