import type { MethodRow, RateRow, ShipmentLineRow, ShipmentRow, TrackingEventRow, ZoneRow } from './db/schema';
import type { PublicTracking } from './domain/track-shipment';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * connection and orders' Order, known here by id, follow codegen's conventions.
 */
export type ShippingZoneModel = ZoneRow;
export type ShippingMethodModel = MethodRow;
export type ShippingRateModel = RateRow;
export type ShipmentModel = ShipmentRow;
export type ShipmentLineModel = ShipmentLineRow;
export type ShipmentTrackingEventModel = TrackingEventRow;
export type ShipmentTrackingModel = PublicTracking;
