import type { MethodRow, RateRow, TrackingEventRow, ZoneRow } from './db/schema';
import type { PublicTracking } from './domain/track-shipment';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). Money, the
 * types stored as their own row (Shipment, ShipmentLine) and the connection follow codegen's conventions.
 */
/** Orders' order, known here by id: the local OrderRow is a projection for shipping's own checks, not the entity. */
export type OrderModel = { id: string };
export type ShippingZoneModel = ZoneRow;
export type ShippingMethodModel = MethodRow;
export type ShippingRateModel = RateRow;
export type ShipmentTrackingEventModel = TrackingEventRow;
export type ShipmentTrackingModel = PublicTracking;
