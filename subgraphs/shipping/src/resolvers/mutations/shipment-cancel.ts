import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shipmentCancel: MutationResolvers['shipmentCancel'] = async (_root, { input }, ctx) =>
  payload('shipment', await ctx.shipping.cancelShipment(input));
