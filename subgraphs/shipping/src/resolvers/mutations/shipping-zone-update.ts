import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shippingZoneUpdate: MutationResolvers['shippingZoneUpdate'] = async (_root, { input }, ctx) =>
  payload('shippingZone', await ctx.shipping.updateZone(input));
