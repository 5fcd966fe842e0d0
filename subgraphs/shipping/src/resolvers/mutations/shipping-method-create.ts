import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingMethodCreate: MutationResolvers['shippingMethodCreate'] = async (_root, { input }, ctx) =>
  payload('shippingMethod', await ctx.shipping.createMethod(input));
