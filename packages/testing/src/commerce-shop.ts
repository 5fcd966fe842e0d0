import { randomUUID } from 'node:crypto';
import { staff, type Caller, type GraphQLClient } from './callers';
import { eventually, unique } from './graphql';

/**
 * A shop to sell from, built through the gateway as staff would build it: the fixture every commerce test through
 * the supergraph (checkout, returns, attack probes) and the checkout benchmark start from. Staff writes must succeed
 * (`mutate` throws on userErrors).
 */

/** Staff holding every permission a shop's set-up and its orders need. */
export const SHOP_STAFF = staff([
  'catalog:write',
  'inventory:write',
  'pricing:write',
  'shipping:manage',
  'orders:manage',
  'payments:manage',
]);

/** An address in the United States, the shop's shipping zone, with the fields of `addressCreate`. */
export const US_ADDRESS = {
  firstName: 'Ada',
  lastName: 'Buyer',
  line1: '1 Main St',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
};

export interface Shop {
  warehouseId: string;
  /** The flat rate's id (one rate: the cart's cost picks it without a choice). */
  rateId: string;
}

/** A US zone with one standard method at a flat `shipping` USD, and one active warehouse. */
export async function openShop(
  sg: GraphQLClient,
  options: { shipping?: string; zoneName?: string } = {},
): Promise<Shop> {
  const zone = await sg.mutate<{ shippingZone: { id: string } }>(
    'shippingZoneCreate',
    { name: options.zoneName ?? unique('United States'), countries: ['US'] },
    'shippingZone { id }',
    SHOP_STAFF,
  );
  const method = await sg.mutate<{ shippingMethod: { id: string } }>(
    'shippingMethodCreate',
    { zoneId: zone.shippingZone.id, name: 'Standard', kind: 'STANDARD', minDeliveryDays: 2, maxDeliveryDays: 5 },
    'shippingMethod { id }',
    SHOP_STAFF,
  );
  const rate = await sg.mutate<{ shippingRate: { id: string } }>(
    'shippingRateCreate',
    {
      methodId: method.shippingMethod.id,
      basis: 'FLAT',
      price: { amount: options.shipping ?? '5.00', currencyCode: 'USD' },
    },
    'shippingRate { id }',
    SHOP_STAFF,
  );
  const warehouse = await sg.mutate<{ warehouse: { id: string } }>(
    'warehouseCreate',
    {
      code: `WH-${randomUUID().slice(-6)}`.toUpperCase(),
      name: 'Main',
      priority: 1,
      address: { line1: '1 Dock Rd', city: 'Reno', postalCode: '89501', countryCode: 'US' },
    },
    'warehouse { id }',
    SHOP_STAFF,
  );
  return { warehouseId: warehouse.warehouse.id, rateId: rate.shippingRate.id };
}

export interface ProductOnSale {
  productId: string;
  variantId: string;
}

/**
 * A product with one variant at `price` USD and `units` in the shop's warehouse, once inventory and pricing have
 * learned of it (they do from products' events). `product` adds to or overrides productCreate's input.
 */
export async function productOnSale(
  sg: GraphQLClient,
  shop: Shop,
  options: { units: number; price?: string; product?: Record<string, unknown>; variant?: Record<string, unknown> },
): Promise<ProductOnSale> {
  const created = await sg.mutate<{ product: { id: string; variants: { id: string }[] } }>(
    'productCreate',
    {
      name: 'Shop Lamp',
      slug: unique('shop-lamp'),
      status: 'ACTIVE',
      ...options.product,
      variants: [{ sku: unique('LAMP').toUpperCase(), weightGrams: 900, ...options.variant }],
    },
    'product { id variants { id } }',
    SHOP_STAFF,
  );
  const variantId = created.product.variants[0]!.id;
  const settled = (what: string, write: () => Promise<unknown>) =>
    eventually(() => write().catch(() => undefined), { timeoutMs: 60_000, what });
  await settled('inventory knows the variant', () =>
    sg.mutate(
      'stockReceive',
      { variantId, warehouseId: shop.warehouseId, quantity: options.units },
      'stockLevel { available }',
      SHOP_STAFF,
    ),
  );
  await settled('pricing knows the variant', () =>
    sg.mutate('priceSet', { variantId, currency: 'USD', amount: options.price ?? '19.99' }, '', SHOP_STAFF),
  );
  return { productId: created.product.id, variantId };
}

/** A cart of `buyer` with these lines in USD and the US address; its id. */
export async function cartToCheckOut(
  sg: GraphQLClient,
  buyer: Caller,
  lines: { variantId: string; quantity: number }[],
): Promise<string> {
  const created = await sg.mutate<{ cart: { id: string } }>(
    'cartCreate',
    { lines, currencyCode: 'USD' },
    'cart { id }',
    buyer,
  );
  await sg.mutate('cartShippingAddressUpdate', { cartId: created.cart.id, address: US_ADDRESS }, 'cart { id }', buyer);
  return created.cart.id;
}
