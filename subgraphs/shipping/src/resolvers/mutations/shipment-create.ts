import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const shipmentCreate: MutationResolvers['shipmentCreate'] = async (_root, { input }, ctx) =>
  payload(await ctx.shipping.createShipments(input), { shipments: [] }, (shipments) => ({ shipments }));
