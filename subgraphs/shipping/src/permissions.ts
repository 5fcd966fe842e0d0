import { allow, hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission for shipping configuration (zones, methods, rates) and shipments. */
export const SHIPPING_MANAGE = 'shipping:manage';

/** Orders' staff permission: its holders see every order's shipments too (`Order.shipments`). */
export const ORDERS_MANAGE = 'orders:manage';

const shippingManage = hasPermission(SHIPPING_MANAGE);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 *
 * Configuration and shipments are staff's. Methods and rates are what storefronts show at checkout: readable through
 * `_entities` by anyone; a zone is staff's there too (ShippingZone's `__resolveReference` answers null to anyone
 * else). Shipments are their order's customer's and staff's: `Order.shipments` and `Shipment.__resolveReference`
 * check the order's owner (domain/viewer.ts), because a rule here would not protect what `_entities` reaches.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  shippingZones: shippingManage,
  // Public: the tracking number and the order's email together are the credential (domain/track-shipment.ts).
  shipmentTracking: allow,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  shippingZoneCreate: shippingManage,
  shippingZoneUpdate: shippingManage,
  shippingZoneDelete: shippingManage,
  shippingMethodCreate: shippingManage,
  shippingMethodUpdate: shippingManage,
  shippingMethodDelete: shippingManage,
  shippingRateCreate: shippingManage,
  shippingRateUpdate: shippingManage,
  shippingRateDelete: shippingManage,
  shipmentCreate: shippingManage,
  shipmentCancel: shippingManage,
};

export const permissions = { Query, Mutation };
