import type { Connection, Money } from '@shop/core';
import type { MethodRow, RateRow, ZoneRow } from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type MoneyModel = Money;
export type ShippingZoneModel = ZoneRow;
export type ShippingMethodModel = MethodRow;
export type ShippingRateModel = RateRow;
export type ShippingZoneConnectionModel = Connection<ZoneRow>;
