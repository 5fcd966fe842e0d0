import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingMethodDelete: MutationResolvers['shippingMethodDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.deleteMethod(input), { deletedShippingMethodId: null });
