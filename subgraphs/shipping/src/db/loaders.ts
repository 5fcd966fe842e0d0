import { manyEach, oneById, type Executor } from '@shop/db';
import { methodsByIds, methodsOfZones, thresholdsOfMethods } from './methods.store';
import { ratesByIds, ratesOfMethods } from './rates.store';
import { eventsOfShipments, linesOfShipments, ordersByIds, shipmentsByIds, shipmentsOfOrders } from './shipments.store';
import { areasOfZones, zonesByIds } from './zones.store';

/**
 * Per-request DataLoaders: every lookup of one request in the same tick is one statement (a page of zones with their
 * areas, methods, thresholds and rates is five statements whatever its size). Results are in key order.
 */
export function createLoaders(db: Executor) {
  return {
    zoneById: oneById((ids) => zonesByIds(db, ids)),
    methodById: oneById((ids) => methodsByIds(db, ids)),
    rateById: oneById((ids) => ratesByIds(db, ids)),
    areasByZone: manyEach(
      (ids) => areasOfZones(db, ids),
      (row) => row.zoneId,
    ),
    methodsByZone: manyEach(
      (ids) => methodsOfZones(db, ids),
      (row) => row.zoneId,
    ),
    thresholdsByMethod: manyEach(
      (ids) => thresholdsOfMethods(db, ids),
      (row) => row.methodId,
    ),
    ratesByMethod: manyEach(
      (ids) => ratesOfMethods(db, ids),
      (row) => row.methodId,
    ),
    orderById: oneById((ids) => ordersByIds(db, ids)),
    shipmentById: oneById((ids) => shipmentsByIds(db, ids)),
    shipmentsByOrder: manyEach(
      (ids) => shipmentsOfOrders(db, ids),
      (row) => row.orderId,
    ),
    linesByShipment: manyEach(
      (ids) => linesOfShipments(db, ids),
      (row) => row.shipmentId,
    ),
    eventsByShipment: manyEach(
      (ids) => eventsOfShipments(db, ids),
      (row) => row.shipmentId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
