import type { OrdersDeps } from '../domain/deps';

/**
 * The embedded demo's orders data. Carts are made by shoppers (and the demo customer's open cart needs the catalog
 * and users seeded first): nothing yet.
 */
export async function seedDemoOrders(_deps: OrdersDeps): Promise<{ carts: number }> {
  return { carts: 0 };
}
