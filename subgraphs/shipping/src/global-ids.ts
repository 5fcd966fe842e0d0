import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/shipping.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'ShippingZoneUpdateInput.id': 'ShippingZone',
  'ShippingZoneDeleteInput.id': 'ShippingZone',
  'ShippingZoneDeletePayload.deletedShippingZoneId': 'ShippingZone',
  'ShippingMethodCreateInput.zoneId': 'ShippingZone',
  'ShippingMethodUpdateInput.id': 'ShippingMethod',
  'ShippingMethodDeleteInput.id': 'ShippingMethod',
  'ShippingMethodDeletePayload.deletedShippingMethodId': 'ShippingMethod',
  'ShippingRateCreateInput.methodId': 'ShippingMethod',
  'ShippingRateUpdateInput.id': 'ShippingRate',
  'ShippingRateDeleteInput.id': 'ShippingRate',
  'ShippingRateDeletePayload.deletedShippingRateId': 'ShippingRate',
  'ShipmentLine.variantId': 'ProductVariant',
  'ShipmentLineInput.variantId': 'ProductVariant',
  'ShipmentCreateInput.orderId': 'Order',
  'ShipmentCancelInput.id': 'Shipment',
};
