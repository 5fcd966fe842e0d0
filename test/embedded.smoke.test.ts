import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@shop/core';
import { startSupergraph } from '@shop/runtime';
import { readmeExamples } from './support/readme-examples';

/** The embedded runtime (what `pnpm start` runs) from a clean data directory answers through the gateway. */
describe('the embedded runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on PGlite with the in-process bus, seeds the demo catalog once, and serves it through the gateway', async () => {
    const start = () =>
      startSupergraph({
        runtime: 'embedded',
        storage: { kind: 'pglite', dataDir },
        bus: { kind: 'in-process' },
        seed: true,
        demoJourney: true,
        logger: createLogger('smoke', process.env.TEST_LOG_LEVEL ?? 'silent'),
      });
    const query = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ products(first: 5) { totalCount edges { node { id name variants { sku } media { url } } } } categories(first: 50) { totalCount } }',
        }),
      });
      return (await res.json()) as {
        data: {
          products: { totalCount: number; edges: { node: { variants: unknown[] } }[] };
          categories: { totalCount: number };
        };
      };
    };

    /** What the demo customer sees of their own orders and cart. */
    const demoCustomer = async (url: string) => {
      const post = async <T>(query: string, headers: Record<string, string> = {}): Promise<T> => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { data: T; errors?: unknown[] };
        expect(body.errors).toBeUndefined();
        return body.data;
      };
      const { login } = await post<{ login: { accessToken: string } }>(
        'mutation { login(input: { email: "customer@example.com", password: "Shopper-Demo-Pass-2026!" }) { accessToken } }',
      );
      const { me } = await post<{
        me: {
          orders: {
            nodes: {
              status: string;
              lines: { name: string }[];
              payments: { status: string }[];
              shipments: { status: string; trackingNumber: string | null }[];
            }[];
          };
          cart: { lines: { quantity: number }[] } | null;
        };
      }>(
        '{ me { orders(first: 10) { nodes { status lines { name } payments { status } shipments { status trackingNumber } } } cart { lines { quantity } } } }',
        { authorization: `Bearer ${login.accessToken}` },
      );
      return me;
    };

    const first = await start();
    let firstCount: number;
    try {
      // The demo lifecycle: one order delivered, one on its way (both paid with the test card, captured on shipment,
      // tracked by the test carrier), and a cart left open.
      expect(first.demo).toMatchObject({ skipped: false });
      const me = await demoCustomer(first.gatewayUrl);
      expect(me.orders.nodes.map((o) => o.status).sort()).toEqual(['DELIVERED', 'SHIPPED']);
      for (const order of me.orders.nodes) {
        expect(order.lines[0]!.name).not.toBe('');
        expect(order.payments).toEqual([{ status: 'CAPTURED' }]);
        expect(order.shipments).toEqual([
          { status: order.status === 'SHIPPED' ? 'IN_TRANSIT' : 'DELIVERED', trackingNumber: expect.any(String) },
        ]);
      }
      expect(me.cart?.lines).toEqual([{ quantity: 1 }]);

      const body = await query(first.gatewayUrl);
      firstCount = body.data.products.totalCount;
      expect(firstCount).toBeGreaterThanOrEqual(45); // ≥ 50 seeded, a few of them not ACTIVE
      expect(body.data.categories.totalCount).toBeGreaterThanOrEqual(6);
      expect(body.data.products.edges).toHaveLength(5);
      for (const edge of body.data.products.edges) expect(edge.node.variants.length).toBeGreaterThanOrEqual(2);
    } finally {
      await first.stop();
    }

    // A restart on the same data directory keeps the data and seeds nothing twice.
    const second = await start();
    try {
      expect((await query(second.gatewayUrl)).data.products.totalCount).toBe(firstCount);
      // The demo journey runs once: the restart finds the demo customer's orders and leaves them as they are.
      expect(second.demo).toEqual({ skipped: true, reason: expect.any(String) });
      expect((await demoCustomer(second.gatewayUrl)).orders.nodes.map((o) => o.status).sort()).toEqual([
        'DELIVERED',
        'SHIPPED',
      ]);

      // The demo catalog shows all three contributions: prices in two currencies, stock (some sold out), ratings.
      const demo = await fetch(second.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ products(first: 100) { edges { node { inStock usd: priceRange(currency: USD) { min { amount } } eur: priceRange(currency: EUR) { min { amount } }
            rating { count } variants { stock { available } } } } } }`,
        }),
      });
      const nodes = (
        (await demo.json()) as {
          data: {
            products: {
              edges: {
                node: {
                  inStock: boolean;
                  usd: unknown;
                  eur: unknown;
                  rating: { count: number };
                  variants: { stock: { available: number } }[];
                };
              }[];
            };
          };
        }
      ).data.products.edges.map((e) => e.node);
      expect(nodes.every((n) => n.usd !== null && n.eur !== null)).toBe(true);
      expect(nodes.some((n) => n.inStock)).toBe(true);
      expect(nodes.some((n) => n.variants.some((v) => v.stock.available === 0))).toBe(true);
      expect(nodes.filter((n) => n.rating.count > 0).length).toBeGreaterThan(5);

      // The demo staff account the README names signs in, as a newcomer would.
      const signIn = await fetch(second.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation { login(input: { email: "staff@example.com", password: "Admin-Demo-Pass-2026!" }) { accessToken userErrors { code } } }',
        }),
      });
      const token = ((await signIn.json()) as { data: { login: { accessToken: string | null } } }).data.login
        .accessToken;
      expect(token).toBeTruthy();
      const staff = { authorization: `Bearer ${token}` };

      // Every example the README tells a newcomer to paste into Sandbox works against the demo data.
      const { document: block, operationNames: operations } = readmeExamples();
      expect(operations.length).toBeGreaterThanOrEqual(4);
      for (const operationName of operations) {
        const res = await fetch(second.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...staff },
          body: JSON.stringify({ query: block, operationName }),
        });
        const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
        expect({ operationName, errors: body.errors }).toEqual({ operationName, errors: undefined });
        for (const [field, value] of Object.entries(body.data ?? {}))
          expect({ operationName, field, value }).not.toEqual({ operationName, field, value: null });
        for (const value of Object.values(body.data ?? {})) {
          const userErrors = (value as { userErrors?: unknown[] } | null)?.userErrors;
          if (userErrors) expect({ operationName, userErrors }).toEqual({ operationName, userErrors: [] });
        }
      }

      // The README's checkout walk-through, step by step as a newcomer runs it: cart, address, rate, test card, order.
      const checkout = readmeExamples('Checkout in Sandbox');
      const step = async <T>(
        operationName: string,
        variables: Record<string, unknown>,
        headers: Record<string, string>,
      ): Promise<T> => {
        const res = await fetch(second.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: checkout.document, operationName, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: unknown[] };
        expect({ operationName, errors: body.errors }).toEqual({ operationName, errors: undefined });
        return body.data!;
      };
      expect(checkout.operationNames).toEqual([
        'CustomerSignIn',
        'PickVariant',
        'CartCreate',
        'CartAddress',
        'CartRate',
        'Checkout',
        'MyOrders',
      ]);
      const { login } = await step<{ login: { accessToken: string } }>('CustomerSignIn', {}, {});
      const customer = { authorization: `Bearer ${login.accessToken}` };
      const { product } = await step<{ product: { variants: { id: string; stock: { available: number } }[] } }>(
        'PickVariant',
        {},
        customer,
      );
      const variant = product.variants.find((v) => v.stock.available > 0);
      expect(variant).toBeDefined();
      const { cartCreate } = await step<{ cartCreate: { cart: { id: string }; userErrors: unknown[] } }>(
        'CartCreate',
        { variantId: variant!.id },
        customer,
      );
      expect(cartCreate.userErrors).toEqual([]);
      const cartId = cartCreate.cart.id;
      const { cartShippingAddressUpdate: addressed } = await step<{
        cartShippingAddressUpdate: { cart: { shippingRates: { id: string }[] }; userErrors: unknown[] };
      }>('CartAddress', { cartId }, customer);
      expect(addressed.userErrors).toEqual([]);
      expect(addressed.cart.shippingRates.length).toBeGreaterThan(0);
      const { cartShippingRateSelect: rated } = await step<{
        cartShippingRateSelect: { cart: { cost: { shipping: { amount: string } | null } }; userErrors: unknown[] };
      }>('CartRate', { cartId, rateId: addressed.cart.shippingRates[0]!.id }, customer);
      expect(rated.userErrors).toEqual([]);
      expect(rated.cart.cost.shipping).not.toBeNull();
      const { checkoutComplete } = await step<{
        checkoutComplete: { order: { number: string; status: string } | null; userErrors: unknown[] };
      }>('Checkout', { cartId }, customer);
      expect(checkoutComplete).toEqual({
        order: expect.objectContaining({ status: 'CONFIRMED' }),
        userErrors: [],
      });
      const { me } = await step<{
        me: { orders: { nodes: { number: string; status: string; payments: { status: string }[] }[] } };
      }>('MyOrders', {}, customer);
      expect(me.orders.nodes).toContainEqual(
        expect.objectContaining({
          number: checkoutComplete.order!.number,
          status: 'CONFIRMED',
          payments: [expect.objectContaining({ status: 'AUTHORIZED' })],
        }),
      );
    } finally {
      await second.stop();
    }
  }, 240_000); // two full starts of the embedded runtime (PGlite, every subgraph, seeding; ~40 s each on a loaded 2-core machine) and a checkout
});
