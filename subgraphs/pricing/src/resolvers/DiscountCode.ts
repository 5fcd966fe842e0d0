import { identityHasPermission } from '@shop/server';
import type { DiscountCodeResolvers } from '../__generated__/resolvers-types';
import { PRICING_WRITE } from '../permissions';
import { moneyOrNull } from './money';

export const DiscountCode: DiscountCodeResolvers = {
  // `node(id:)` reaches this through `_entities`, open to any caller: only pricing:write staff (who may read the
  // staff lists) get the code; anyone else gets null, as for one that does not exist.
  __resolveReference: async (reference, ctx) =>
    identityHasPermission(ctx.identity, PRICING_WRITE) ? ctx.loaders.discountCodeById.load(reference.id) : null,
  amount: (code) => moneyOrNull(code.amount, code.currency),
  minimumSubtotal: (code) => moneyOrNull(code.minimumSubtotal, code.currency),
};
