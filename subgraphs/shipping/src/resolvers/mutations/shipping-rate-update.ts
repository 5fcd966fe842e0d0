import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingRateUpdate: MutationResolvers['shippingRateUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingRate', await ctx.shipping.updateRate(input));
