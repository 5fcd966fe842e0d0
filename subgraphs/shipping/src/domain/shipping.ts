import { writesThen, type PageArgs } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createMethod, type MethodCreateInput } from './create-method';
import { createRate, type RateCreateInput } from './create-rate';
import { createZone, type ZoneCreateInput } from './create-zone';
import { deleteMethod } from './delete-method';
import { deleteRate } from './delete-rate';
import { deleteZone } from './delete-zone';
import type { ShippingDeps } from './deps';
import { listZones } from './list-zones';
import { updateMethod, type MethodUpdateInput } from './update-method';
import { updateRate, type RateUpdateInput } from './update-rate';
import { updateZone, type ZoneUpdateInput } from './update-zone';
import { cancelShipment } from './cancel-shipment';
import { createShipments, type ShipmentCreateInput } from './create-shipments';
import { trackShipment } from './track-shipment';
import { seesShipmentsOf, type Viewer } from './viewer';

/**
 * The shipping use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the loaders
 * afterwards, so fields resolved after a mutation read what was just written.
 */
export function shippingUseCases(deps: ShippingDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  /** The order's shipments if the viewer may see them (its customer, staff), else none: as for an unknown order. */
  const shipmentsOfOrder = async (orderId: string) => {
    const order = await loaders.orderById.load(orderId);
    return order && seesShipmentsOf(viewer, order.userId) ? loaders.shipmentsByOrder.load(orderId) : [];
  };
  const findShipment = async (id: string) => {
    const shipment = await loaders.shipmentById.load(id);
    const order = shipment ? await loaders.orderById.load(shipment.orderId) : null;
    return shipment && order && seesShipmentsOf(viewer, order.userId) ? shipment : null;
  };
  return {
    shipmentsOfOrder,
    findShipment,
    trackShipment: (trackingNumber: string, email: string) => trackShipment(deps, trackingNumber, email),
    createShipments: write((input: ShipmentCreateInput) => createShipments(deps, viewer, input)),
    cancelShipment: write((input: { id: string }) => cancelShipment(deps, viewer, input)),
    listZones: (args: PageArgs) => listZones(deps.db, args),
    createZone: write((input: ZoneCreateInput) => createZone(deps, input)),
    updateZone: write((input: ZoneUpdateInput) => updateZone(deps, input)),
    deleteZone: write((input: { id: string }) => deleteZone(deps, input)),
    createMethod: write((input: MethodCreateInput) => createMethod(deps, input)),
    updateMethod: write((input: MethodUpdateInput) => updateMethod(deps, input)),
    deleteMethod: write((input: { id: string }) => deleteMethod(deps, input)),
    createRate: write((input: RateCreateInput) => createRate(deps, input)),
    updateRate: write((input: RateUpdateInput) => updateRate(deps, input)),
    deleteRate: write((input: { id: string }) => deleteRate(deps, input)),
  };
}

export type ShippingUseCases = ReturnType<typeof shippingUseCases>;
