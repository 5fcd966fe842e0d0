import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row } from '../authorization-table';

/**
 * Shipping: configuration (zones, methods, rates) and shipments are staff's with `shipping:manage`; public tracking
 * is open (number + email). Inputs are harmless: unknown ids
 * (NOT_FOUND) or an empty name (INVALID), so an admitted caller gets userErrors and nothing changes.
 */
const SHIPPING_MANAGE = { kind: 'permission', permission: 'shipping:manage' } as const;
const ERRORS = 'userErrors { code }';
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});

export const rows: Record<string, Row> = {
  // Public: the tracking number and the order's email together are the credential; unknown ones answer null.
  'Query.shipmentTracking': {
    access: { kind: 'public' },
    operation: () => ({
      query: `{ shipmentTracking(trackingNumber: "TST000000000000000000", email: "nobody@example.com") { status } }`,
    }),
  },
  'Query.shippingZones': {
    access: SHIPPING_MANAGE,
    operation: () => ({ query: `{ shippingZones(first: 1) { totalCount } }` }),
  },
  'Mutation.shippingZoneCreate': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingZoneCreate', `{ name: "", countries: ["DE"] }`),
  },
  'Mutation.shippingZoneUpdate': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingZoneUpdate', `{ id: "${nowhereId('ShippingZone')}", name: "Matrix" }`),
  },
  'Mutation.shippingZoneDelete': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingZoneDelete', `{ id: "${nowhereId('ShippingZone')}" }`),
  },
  'Mutation.shippingMethodCreate': {
    access: SHIPPING_MANAGE,
    operation: () =>
      mutation('shippingMethodCreate', `{ zoneId: "${nowhereId('ShippingZone')}", name: "Matrix", kind: STANDARD }`),
  },
  'Mutation.shippingMethodUpdate': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingMethodUpdate', `{ id: "${nowhereId('ShippingMethod')}", name: "Matrix" }`),
  },
  'Mutation.shippingMethodDelete': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingMethodDelete', `{ id: "${nowhereId('ShippingMethod')}" }`),
  },
  'Mutation.shippingRateCreate': {
    access: SHIPPING_MANAGE,
    operation: () =>
      mutation(
        'shippingRateCreate',
        `{ methodId: "${nowhereId('ShippingMethod')}", basis: FLAT, price: { amount: "1.00", currencyCode: EUR } }`,
      ),
  },
  'Mutation.shippingRateUpdate': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingRateUpdate', `{ id: "${nowhereId('ShippingRate')}", price: "1.00" }`),
  },
  'Mutation.shippingRateDelete': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shippingRateDelete', `{ id: "${nowhereId('ShippingRate')}" }`),
  },
  // An order shipping never heard of: NOT_FOUND.
  'Mutation.shipmentCreate': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shipmentCreate', `{ orderId: "${nowhereId('Order')}" }`),
  },
  'Mutation.shipmentCancel': {
    access: SHIPPING_MANAGE,
    operation: () => mutation('shipmentCancel', `{ id: "${nowhereId('Shipment')}" }`),
  },
};
