import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const checkoutComplete: MutationResolvers['checkoutComplete'] = async (_root, { input }, ctx) => {
  const { result, failed } = await ctx.orders.completeCheckout(input);
  return payload(result, failed);
};
