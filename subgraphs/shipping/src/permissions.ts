import { allow, hasPermission, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission for shipping configuration (zones, methods, rates) and shipments. */
export const SHIPPING_MANAGE = 'shipping:manage';

/** Orders' staff permission: its holders see every order's shipments too (`Order.shipments`). */
export const ORDERS_MANAGE = 'orders:manage';

const shippingManage = hasPermission(SHIPPING_MANAGE);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here).
 *
 * Configuration and shipments are staff's. Methods and rates are what storefronts show at checkout: readable through
 * `_entities` by anyone; a zone is staff's there too (ShippingZone's `__resolveReference` answers null to anyone
 * else). Shipments are their order's customer's and staff's: `Order.shipments` and `Shipment.__resolveReference`
 * check the order's owner (domain/viewer.ts), because a rule here would not protect what `_entities` reaches.
 */
const Query = rootRules<QueryResolvers>()([
  [shippingManage, 'shippingZones'],
  // Public: the tracking number and the order's email together are the credential (domain/track-shipment.ts).
  [allow, 'shipmentTracking'],
]);

const Mutation = rootRules<MutationResolvers>()([
  [
    shippingManage,
    `shippingZoneCreate shippingZoneUpdate shippingZoneDelete
     shippingMethodCreate shippingMethodUpdate shippingMethodDelete
     shippingRateCreate shippingRateUpdate shippingRateDelete shipmentCreate shipmentCancel`,
  ],
]);

export const permissions = { Query, Mutation };
