import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const shipmentCancel: MutationResolvers['shipmentCancel'] = async (_root, { input }, ctx) =>
  payload('shipment', await ctx.shipping.cancelShipment(input));
