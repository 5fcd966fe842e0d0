import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingZoneCreate: MutationResolvers['shippingZoneCreate'] = async (_root, { input }, ctx) =>
  payload('shippingZone', await ctx.shipping.createZone(input));
