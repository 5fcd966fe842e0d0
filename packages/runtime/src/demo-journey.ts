import { createHmac, randomUUID } from 'node:crypto';
import { DEMO_ACCOUNTS, type Logger } from '@shop/core';

/**
 * The embedded demo's lifecycle, played once after the supergraph is up: the demo customer buys twice with the test
 * card, staff ship both orders with the test carrier, the carrier reports one delivered and one on its way, and the
 * customer leaves a third cart open. Everything goes through the gateway as a storefront, a warehouse and a carrier
 * would (GraphQL and the signed tracking webhook), so the demo shows what the code does and no table is written by
 * hand. Nothing here runs inside a transaction: the embedded runtime shares one PGlite, and a command sent while
 * holding one would deadlock it.
 */

export interface DemoJourneyOptions {
  gatewayUrl: string;
  /** The test carrier's webhook secret (SHIPPING_TEST_CARRIER_WEBHOOK_SECRET of this process); never logged. */
  carrierWebhookSecret: string;
  logger: Logger;
  /** How long to wait for the events that follow each step (orders learning of shipments, …). */
  settleTimeoutMs?: number;
}

export type DemoJourneyResult =
  | { skipped: true; reason: string }
  | { skipped: false; orders: { number: string; status: string }[]; cartId: string; seconds: number };

/** Where the demo orders go: a European address the seeded zones ship to, in the README's currency. */
const ADDRESS = {
  firstName: 'Demo',
  lastName: 'Customer',
  line1: 'Friedrichstrasse 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};
const CURRENCY = 'EUR';
/** The README's checkout walk-through buys this product; the demo leaves its stock alone. */
const README_PRODUCT = 'oxford-shirt';

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}
interface UserError {
  code: string;
  message: string;
}

class DemoJourneyError extends Error {}

/** Checkout refusals that say "try again" (nothing was charged or held): the journey tries under a new key. */
const TRANSIENT_CHECKOUT_ERRORS = ['SERVICE_UNAVAILABLE', 'PAYMENT_UNAVAILABLE', 'IN_PROGRESS'];

export async function runDemoJourney(options: DemoJourneyOptions): Promise<DemoJourneyResult> {
  const started = Date.now();
  const settleMs = options.settleTimeoutMs ?? 30_000;
  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const res = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLAnswer<T>;
    if (!body.data || body.errors?.length)
      throw new DemoJourneyError(`${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    return body.data;
  };
  /** A mutation's payload, failing on userErrors. */
  const mutate = async <T>(field: string, query: string, variables: Record<string, unknown>, token: string) => {
    const data = await gql<Record<string, T & { userErrors: UserError[] }>>(query, variables, token);
    const payload = data[field]!;
    if (payload.userErrors.length > 0)
      throw new DemoJourneyError(`${field}: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
    return payload;
  };
  const signIn = async (email: string) => {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
    const { login } = await gql<{ login: { accessToken: string | null; userErrors: UserError[] } }>(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken userErrors { code message } } }`,
      { input: { email: account.email, password: account.password } },
    );
    if (!login.accessToken) throw new DemoJourneyError(`${email} cannot sign in: ${JSON.stringify(login.userErrors)}`);
    return login.accessToken;
  };
  /** Retries `attempt` until it answers (events between subgraphs take a moment), at most `settleMs`. */
  const settle = async <T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + settleMs;
    let last: unknown;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        const value = await attempt();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline)
        throw new DemoJourneyError(
          `${what} did not happen within ${settleMs} ms${last instanceof Error ? `: ${last.message}` : ''}`,
        );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  const customer = await signIn('customer@example.com');
  const mine = await gql<{ me: { orders: { nodes: { status: string }[] } } }>(
    `{ me { orders(first: 20) { nodes { status } } } }`,
    {},
    customer,
  );
  // Idempotent across restarts: the journey has run (or the customer has bought on their own) once there is an order
  // that was not cancelled (a checkout a slow machine refused leaves only a cancelled one).
  if (mine.me.orders.nodes.some((o) => o.status !== 'CANCELLED'))
    return { skipped: true, reason: 'the demo customer already has orders' };
  const staff = await signIn('staff@example.com');

  const variants = await pickVariants(gql, customer);
  const buy = async (variantId: string) => {
    const { cart } = await mutate<{ cart: { id: string } }>(
      'cartCreate',
      `mutation ($input: CartCreateInput!) { cartCreate(input: $input) { cart { id } userErrors { code message } } }`,
      { input: { lines: [{ variantId, quantity: 1 }], currencyCode: CURRENCY } },
      customer,
    );
    const addressed = await mutate<{ cart: { shippingRates: { id: string }[] } }>(
      'cartShippingAddressUpdate',
      `mutation ($input: CartShippingAddressUpdateInput!) { cartShippingAddressUpdate(input: $input) {
        cart { shippingRates { id } } userErrors { code message } } }`,
      { input: { cartId: cart.id, address: ADDRESS } },
      customer,
    );
    const rate = addressed.cart.shippingRates[0];
    if (!rate) throw new DemoJourneyError(`nothing ships to ${ADDRESS.country}: are the shipping zones seeded?`);
    await mutate(
      'cartShippingRateSelect',
      `mutation ($input: CartShippingRateSelectInput!) { cartShippingRateSelect(input: $input) { userErrors { code message } } }`,
      { input: { cartId: cart.id, rateId: rate.id } },
      customer,
    );
    return cart.id;
  };
  /** Checks the cart out with the test card; a transient refusal (a subgraph slow on a loaded machine) is retried. */
  const checkout = async (cartId: string, key: string) => {
    for (let attempt = 1; ; attempt++) {
      const data = await gql<{
        checkoutComplete: { order: { id: string; number: string; status: string } | null; userErrors: UserError[] };
      }>(
        `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) {
          order { id number status } userErrors { code message } } }`,
        { input: { cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey: `${key}-${attempt}` } },
        customer,
      );
      const { order, userErrors } = data.checkoutComplete;
      if (order?.status === 'CONFIRMED') return order;
      const transient = userErrors.some((e) => TRANSIENT_CHECKOUT_ERRORS.includes(e.code));
      if (!transient || attempt >= 5) {
        const why = userErrors.map((e) => `${e.code} ${e.message}`).join('; ');
        throw new DemoJourneyError(`the demo checkout ended ${order?.status ?? 'without an order'}: ${why}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  };
  const ship = (orderId: string) =>
    // Shipping learns of the order from `order.placed`; until then it answers NOT_FOUND.
    settle('shipping learning of the order', async () => {
      const { shipments } = await mutate<{ shipments: { trackingNumber: string | null }[] }>(
        'shipmentCreate',
        `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) {
          shipments { trackingNumber } userErrors { code message } } }`,
        { input: { orderId } },
        staff,
      );
      return shipments.map((s) => s.trackingNumber).filter((n): n is string => n !== null);
    });
  let minutes = 0;
  const track = async (trackingNumber: string, status: 'accepted' | 'in_transit' | 'delivered') => {
    // The carrier's clock moves forward with each report, so the latest report is the one that counts.
    const occurredAt = new Date(Date.now() - 60 * 60_000 + ++minutes * 60_000).toISOString();
    const body = JSON.stringify({
      id: `demo-${randomUUID()}`,
      type: 'tracker.updated',
      data: {
        tracking_number: trackingNumber,
        status,
        message: `Demo: ${status}`,
        location: 'Berlin',
        occurred_at: occurredAt,
      },
    });
    const t = Math.floor(Date.now() / 1000);
    const mac = createHmac('sha256', options.carrierWebhookSecret).update(`${t}.${body}`).digest('hex');
    const res = await fetch(options.gatewayUrl.replace(/\/graphql$/, '/webhooks/shipping/test'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-carrier-signature': `t=${t},v1=${mac}` },
      body,
    });
    if (!res.ok) throw new DemoJourneyError(`the tracking webhook was answered ${res.status}`);
  };

  const placed = [];
  for (const [i, variantId] of variants.slice(0, 2).entries()) {
    const cartId = await buy(variantId);
    placed.push(await checkout(cartId, `demo-journey-${i}`));
  }
  const [delivered, shipped] = placed as [(typeof placed)[number], (typeof placed)[number]];
  for (const number of await ship(delivered.id)) {
    await track(number, 'accepted');
    await track(number, 'delivered');
  }
  for (const number of await ship(shipped.id)) {
    await track(number, 'accepted');
    await track(number, 'in_transit');
  }
  const open = await buy(variants[2]);

  // Done when the customer sees it: orders moves the orders on shipping's events.
  const orders = await settle('the demo orders reaching SHIPPED and DELIVERED', async () => {
    const { me } = await gql<{ me: { orders: { nodes: { id: string; number: string; status: string }[] } } }>(
      `{ me { orders(first: 5) { nodes { id number status } } } }`,
      {},
      customer,
    );
    const status = (id: string) => me.orders.nodes.find((o) => o.id === id)?.status;
    return status(delivered.id) === 'DELIVERED' && status(shipped.id) === 'SHIPPED'
      ? me.orders.nodes.map((o) => ({ number: o.number, status: o.status }))
      : undefined;
  });
  const seconds = (Date.now() - started) / 1000;
  options.logger.info({ orders, seconds }, 'demo journey played');
  return { skipped: false, orders, cartId: open, seconds };
}

/** Three variants of different products in stock and priced in the demo currency (not the README's product). */
async function pickVariants(
  gql: <T>(query: string, variables: Record<string, unknown>, token?: string) => Promise<T>,
  token: string,
): Promise<[string, string, string]> {
  const { products } = await gql<{
    products: {
      edges: {
        node: {
          slug: string;
          variants: { id: string; price: { amount: string } | null; stock: { available: number } | null }[];
        };
      }[];
    };
  }>(
    `query ($currency: CurrencyCode!) { products(first: 30) { edges { node { slug
      variants { id price(currency: $currency) { amount } stock { available } } } } } }`,
    { currency: CURRENCY },
    token,
  );
  const picked: string[] = [];
  for (const { node } of products.edges) {
    if (node.slug === README_PRODUCT) continue;
    const variant = node.variants.find((v) => v.price !== null && (v.stock?.available ?? 0) >= 2);
    if (variant) picked.push(variant.id);
    if (picked.length === 3) return picked as [string, string, string];
  }
  throw new DemoJourneyError('the demo catalog has fewer than three products in stock');
}

export const isDemoJourneyError = (error: unknown): error is Error => error instanceof DemoJourneyError;
