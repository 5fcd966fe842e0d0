import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingRateCreate: MutationResolvers['shippingRateCreate'] = async (_root, { input }, ctx) =>
  payload('shippingRate', await ctx.shipping.createRate(input));
