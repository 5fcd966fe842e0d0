import { DateTime, Decimal } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { shipmentCancel } from './mutations/shipment-cancel';
import { shipmentCreate } from './mutations/shipment-create';
import { shippingMethodCreate } from './mutations/shipping-method-create';
import { shippingMethodDelete } from './mutations/shipping-method-delete';
import { shippingMethodUpdate } from './mutations/shipping-method-update';
import { shippingRateCreate } from './mutations/shipping-rate-create';
import { shippingRateDelete } from './mutations/shipping-rate-delete';
import { shippingRateUpdate } from './mutations/shipping-rate-update';
import { shippingZoneCreate } from './mutations/shipping-zone-create';
import { shippingZoneDelete } from './mutations/shipping-zone-delete';
import { shippingZoneUpdate } from './mutations/shipping-zone-update';
import { Order } from './Order';
import { Query } from './Query';
import { Shipment } from './Shipment';
import { ShippingMethod } from './ShippingMethod';
import { ShippingRate } from './ShippingRate';
import { ShippingZone } from './ShippingZone';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    shippingZoneCreate,
    shippingZoneUpdate,
    shippingZoneDelete,
    shippingMethodCreate,
    shippingMethodUpdate,
    shippingMethodDelete,
    shippingRateCreate,
    shippingRateUpdate,
    shippingRateDelete,
    shipmentCreate,
    shipmentCancel,
  },
  ShippingZone,
  ShippingMethod,
  ShippingRate,
  Order,
  Shipment,
};
