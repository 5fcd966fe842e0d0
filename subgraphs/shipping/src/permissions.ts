import { hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission for shipping configuration (zones, methods, rates) and shipments. */
export const SHIPPING_MANAGE = 'shipping:manage';

const shippingManage = hasPermission(SHIPPING_MANAGE);

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 *
 * Configuration is staff's. Methods and rates are what storefronts show at checkout: readable through `_entities`
 * by anyone; a zone is staff's there too (ShippingZone's `__resolveReference` answers null to anyone else).
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  shippingZones: shippingManage,
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
};

export const permissions = { Query, Mutation };
