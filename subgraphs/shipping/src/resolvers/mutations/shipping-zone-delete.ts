import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shippingZoneDelete: MutationResolvers['shippingZoneDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.deleteZone(input), { deletedShippingZoneId: null });
