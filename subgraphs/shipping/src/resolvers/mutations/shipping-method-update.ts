import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingMethodUpdate: MutationResolvers['shippingMethodUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingMethod', await ctx.shipping.updateMethod(input));
