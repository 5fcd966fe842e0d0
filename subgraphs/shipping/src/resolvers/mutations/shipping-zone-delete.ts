import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingZoneDelete: MutationResolvers['shippingZoneDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.deleteZone(input), { deletedShippingZoneId: null });
