import { manyBy, oneById, type Executor } from '@shop/db';
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
    areasByZone: manyBy((ids) => areasOfZones(db, ids), 'zoneId'),
    methodsByZone: manyBy((ids) => methodsOfZones(db, ids), 'zoneId'),
    thresholdsByMethod: manyBy((ids) => thresholdsOfMethods(db, ids), 'methodId'),
    ratesByMethod: manyBy((ids) => ratesOfMethods(db, ids), 'methodId'),
    orderById: oneById((ids) => ordersByIds(db, ids)),
    shipmentById: oneById((ids) => shipmentsByIds(db, ids)),
    shipmentsByOrder: manyBy((ids) => shipmentsOfOrders(db, ids), 'orderId'),
    linesByShipment: manyBy((ids) => linesOfShipments(db, ids), 'shipmentId'),
    eventsByShipment: manyBy((ids) => eventsOfShipments(db, ids), 'shipmentId'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
