import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingZoneCreate: MutationResolvers['shippingZoneCreate'] = async (_root, { input }, ctx) =>
  payload('shippingZone', await ctx.shipping.createZone(input));
