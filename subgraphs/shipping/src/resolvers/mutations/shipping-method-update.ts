import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingMethodUpdate: MutationResolvers['shippingMethodUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingMethod', await ctx.shipping.updateMethod(input));
