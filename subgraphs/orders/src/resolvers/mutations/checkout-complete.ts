import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const checkoutComplete: MutationResolvers['checkoutComplete'] = async (_root, { input }, ctx) => {
  const { result, failed } = await ctx.orders.completeCheckout(input);
  return payload(result, failed);
};
