import type { Connection, Money } from '@shop/core';
import type { MethodRow, RateRow, ShipmentLineRow, ShipmentRow, TrackingEventRow, ZoneRow } from './db/schema';
import type { PublicTracking } from './domain/track-shipment';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type MoneyModel = Money;
export type ShippingZoneModel = ZoneRow;
export type ShippingMethodModel = MethodRow;
export type ShippingRateModel = RateRow;
export type ShippingZoneConnectionModel = Connection<ZoneRow>;
export type OrderModel = { id: string };
export type ShipmentModel = ShipmentRow;
export type ShipmentLineModel = ShipmentLineRow;
export type ShipmentTrackingEventModel = TrackingEventRow;
export type ShipmentTrackingModel = PublicTracking;
