import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingMethodCreate: MutationResolvers['shippingMethodCreate'] = async (_root, { input }, ctx) =>
  payload('shippingMethod', await ctx.shipping.createMethod(input));
