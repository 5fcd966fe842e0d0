import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingZoneUpdate: MutationResolvers['shippingZoneUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingZone', await ctx.shipping.updateZone(input));
