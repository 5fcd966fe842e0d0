import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import postgres from 'postgres';
import { fromGlobalId } from '@shop/core';
import {
  callerHeaders,
  createTestSigner,
  customer,
  eventually,
  graphqlClient,
  openShop,
  SHOP_STAFF,
  unique,
  US_ADDRESS,
  USER_ERRORS,
  type Caller,
  type GraphQLClient,
  type TestSigner,
} from '@shop/testing';
import {
  pollerShapes,
  replayCheckouts,
  segmentCheckouts,
  type CapturedStatement,
  type ReplayCheckout,
} from './checkout-replay';
import { startServer, statements, type Counts, type ServerProcess } from './server';

/**
 * `pnpm bench checkout` (issue 11, "Performance"): checkout through the gateway on real PostgreSQL and JetStream.
 *
 * 1. A few checkouts one at a time, each one's SQL captured in the server process (the statement tap of @shop/db):
 *    latency of a lone checkout, and the statements it sent, per subgraph.
 * 2. A uniform run: BENCH_BUYERS buyers spread over BENCH_UNIFORM_VARIANTS variants with ample stock, driven by
 *    BENCH_CONNECTIONS concurrent clients: checkouts per second, p50/p99 of `checkoutComplete`, SQL statements per
 *    checkout summed over all subgraphs (their `/metrics` counters, as the other suites count them).
 * 3. A hot-SKU run: as many buyers for one variant with BENCH_HOT_UNITS units; must sell exactly those units.
 * 4. After each run the database is checked: CONFIRMED orders = units sold = on-hand decrease, stock never negative,
 *    nothing reserved, one AUTHORIZED payment per confirmed order and none for any other order. Any miss fails the
 *    benchmark (exit 1), after the table is printed.
 * 5. The captured statements replayed straight to PostgreSQL with postgres.js (bench/checkout-replay.ts), alone and
 *    with the same concurrency, beside the real checkout: what GraphQL, federation and the bus add.
 *
 * Buyers, their tokens and carts are prepared before each timed section. BENCH_QUICK=1 is a smoke run (about a minute on an idle 2-core machine).
 * Results: stdout and `.bench/checkout.json`.
 */
const QUICK = process.env.BENCH_QUICK === '1';
const setting = (name: string, full: number, quick: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? (QUICK ? quick : full) : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
};
const BUYERS = setting('BENCH_BUYERS', 2000, 50);
const HOT_UNITS = setting('BENCH_HOT_UNITS', 500, 12);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 10, 10);
const UNIFORM_VARIANTS = setting('BENCH_UNIFORM_VARIANTS', 100, 10);
const LONE = setting('BENCH_LONE_CHECKOUTS', 20, 3);
const POOL_SIZE = setting('BENCH_POOL_SIZE', 8, 8);
/**
 * Checkout's own deadline: past it, recovery ends a saga a failed answer left open (see `sagasClosed`). Above the
 * longest checkout (the command timeouts below), as subgraphs/orders/src/domain/settings.ts asks.
 */
const SAGA_DEADLINE_MS = 90_000;
/** Units per uniform variant: every buyer could pick the same one and there would still be stock left. */
const AMPLE = BUYERS + 1000;

const STAFF = SHOP_STAFF;
const CHECKOUT = `mutation ($input: CheckoutCompleteInput!) { checkoutComplete(input: $input) {
  order { id status } ${USER_ERRORS} } }`;

interface Buyer {
  userId: string;
  headers: Record<string, string>;
  /** When its token was signed: tokens live 15 minutes, so a long run signs a new one after 10 (well under 1 ms). */
  signedAt: number;
  cartId: string;
}

interface CheckoutAnswer {
  data?: { checkoutComplete: { order: { id: string; status: string } | null; userErrors: { code: string }[] } };
  errors?: { message: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** Runs `work` over `items` with at most `limit` at once (preparation, not measured). */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** The shop a checkout needs: a US zone with a flat rate, a warehouse, products with prices and stock. */
class Shop {
  warehouseId = '';
  constructor(private readonly client: GraphQLClient) {}

  async setUp(): Promise<void> {
    this.warehouseId = (await openShop(this.client, { zoneName: 'United States' })).warehouseId;
  }

  /** `count` ACTIVE variants (up to 10 per product) at 19.99 USD with `units` each, once every subgraph knows them. */
  async variants(count: number, units: number, name: string): Promise<string[]> {
    const batches = Array.from({ length: Math.ceil(count / 10) }, (_, i) => i * 10);
    const made = await inBatches(batches, 4, async (made) => {
      const { product } = await this.client.mutate<{ product: { variants: { id: string }[] } }>(
        'productCreate',
        {
          name,
          slug: unique(name.toLowerCase().replaceAll(' ', '-')),
          status: 'ACTIVE',
          options: [{ name: 'Size', values: Array.from({ length: 10 }, (_, i) => `S${i}`) }],
          variants: Array.from({ length: Math.min(10, count - made) }, (_, i) => ({
            sku: unique(`BENCH-${i}`).toUpperCase(),
            weightGrams: 900,
            optionValues: [{ name: 'Size', value: `S${i}` }],
          })),
        },
        'product { variants { id } }',
        STAFF,
      );
      return product.variants.map((variant) => variant.id);
    });
    const ids = made.flat();
    await inBatches(ids, 8, async (variantId) => {
      // Inventory and pricing learn of a variant from products' events: retried until they have.
      await eventually(
        () =>
          this.client
            .mutate(
              'stockReceive',
              { variantId, warehouseId: this.warehouseId, quantity: units },
              'stockLevel { onHand }',
              STAFF,
            )
            .catch(() => undefined),
        { timeoutMs: 60_000, what: 'inventory knows the variant' },
      );
      await eventually(
        () =>
          this.client
            .mutate('priceSet', { variantId, currency: 'USD', amount: '19.99' }, '', STAFF)
            .then(() => true)
            .catch(() => undefined),
        { timeoutMs: 60_000, what: 'pricing knows the variant' },
      );
    });
    return ids;
  }
}

/** Signed-in buyers, each with a cart of one unit of its variant and a US address (preparation, not measured). */
async function buyers(client: GraphQLClient, signer: TestSigner, variantOf: (i: number) => string, count: number) {
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    20,
    async (i): Promise<Buyer> => {
      const { userId } = customer();
      const caller: Caller = { userId, token: await signer.mint({ userId }) };
      const { cart } = await client.mutate<{ cart: { id: string } }>(
        'cartCreate',
        { lines: [{ variantId: variantOf(i), quantity: 1 }], currencyCode: 'USD' },
        'cart { id }',
        caller,
      );
      await client.mutate('cartShippingAddressUpdate', { cartId: cart.id, address: US_ADDRESS }, 'cart { id }', caller);
      return { userId, headers: await callerHeaders(signer, caller), signedAt: Date.now(), cartId: cart.id };
    },
  );
}

interface CrowdResult {
  seconds: number;
  latencies: number[];
  outcomes: Record<string, number>;
  retried: Record<string, number>;
  /** Seconds from the start to the last CONFIRMED answer, and how many buyers had their answer by then. */
  lastSaleSeconds: number;
  answeredByLastSale: number;
}

/**
 * The timed part: `connections` clients, each taking the next buyer and sending its checkout until it has a final
 * answer. SERVICE_UNAVAILABLE and PAYMENT_UNAVAILABLE (nothing held or charged) retry under a new key, IN_PROGRESS and
 * a transport or GraphQL error under the same key (a replay, never a second checkout), as a storefront would.
 */
async function crowd(
  gatewayUrl: string,
  signer: TestSigner,
  buyersToServe: Buyer[],
  connections: number,
): Promise<CrowdResult> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const retried: Record<string, number> = {};
  let next = 0;
  let answered = 0;
  let lastSaleSeconds = 0;
  let answeredByLastSale = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(connections, buyersToServe.length) }, async () => {
      while (next < buyersToServe.length) {
        const buyer = buyersToServe[next++]!;
        let key = randomUUID();
        for (let attempt = 1; ; attempt++) {
          if (Date.now() - buyer.signedAt > 10 * 60_000) {
            buyer.headers = await signer.headers({ userId: buyer.userId });
            buyer.signedAt = Date.now();
          }
          const sent = performance.now();
          let outcome: string;
          try {
            const response = await fetch(gatewayUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...buyer.headers },
              body: JSON.stringify({
                query: CHECKOUT,
                variables: {
                  input: { cartId: buyer.cartId, paymentMethod: { token: 'test-card-ok' }, idempotencyKey: key },
                },
              }),
            });
            const body = (await response.json()) as CheckoutAnswer;
            const payload = body.data?.checkoutComplete;
            outcome = payload
              ? ((payload.order?.status === 'CONFIRMED'
                  ? 'CONFIRMED'
                  : payload.userErrors.map((e) => e.code).join() || payload.order?.status) ?? 'NO_ANSWER')
              : `ERROR ${response.status}: ${body.errors?.[0]?.message ?? 'no data'}`;
          } catch (error) {
            outcome = `ERROR: ${(error as Error).message}`;
          }
          latencies.push(performance.now() - sent);
          const retry =
            outcome === 'SERVICE_UNAVAILABLE' || outcome === 'PAYMENT_UNAVAILABLE'
              ? 'new key'
              : outcome === 'IN_PROGRESS' || outcome.startsWith('ERROR')
                ? 'same key'
                : undefined;
          if (retry && attempt < 10) {
            retried[outcome] = (retried[outcome] ?? 0) + 1;
            if (retry === 'new key') key = randomUUID();
            await sleep(200);
            continue;
          }
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          answered++;
          if (outcome === 'CONFIRMED') {
            lastSaleSeconds = (performance.now() - started) / 1000;
            answeredByLastSale = answered;
          }
          break;
        }
      }
    }),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    latencies,
    outcomes,
    retried,
    lastSaleSeconds,
    answeredByLastSale,
  };
}

/**
 * What an idle supergraph sends per second, per subgraph: every relay polls its outbox about once a second (two
 * statements each) whether or not anything happened. Measured once before the runs, subtracted from each run's count.
 */
async function idleRate(server: ServerProcess): Promise<Counts> {
  await sleep(3000);
  const before = (await statements(server.info)).counts;
  const started = performance.now();
  await sleep(4000);
  const after = (await statements(server.info)).counts;
  const seconds = (performance.now() - started) / 1000;
  return Object.fromEntries(Object.keys(after).map((name) => [name, (after[name]! - (before[name] ?? 0)) / seconds]));
}

/**
 * Statement counters once they are back to the idle rate (the events a checkout emits are handled after it answers),
 * with the time they were read.
 */
async function settledCounts(server: ServerProcess, idle: Counts): Promise<{ counts: Counts; at: number }> {
  const idleTotal = Object.values(idle).reduce((a, b) => a + b, 0);
  let last = (await statements(server.info)).counts;
  let lastAt = performance.now();
  const deadline = Date.now() + 30_000;
  for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
    await sleep(1000);
    const now = (await statements(server.info)).counts;
    const at = performance.now();
    const moved = Object.keys(now).reduce((total, name) => total + (now[name]! - (last[name] ?? 0)), 0);
    quiet = moved <= idleTotal * ((at - lastAt) / 1000) * 1.3 + 3 ? quiet + 1 : 0;
    last = now;
    lastAt = at;
  }
  return { counts: last, at: lastAt };
}

/** Statements per checkout and subgraph between two readings, less what the idle pollers sent meanwhile. */
const perCheckout = (
  before: { counts: Counts; at: number },
  after: { counts: Counts; at: number },
  idle: Counts,
  checkouts: number,
): Record<string, number> => {
  const seconds = (after.at - before.at) / 1000;
  return Object.fromEntries(
    Object.keys(after.counts)
      .map(
        (name) =>
          [
            name,
            round(
              Math.max(0, after.counts[name]! - (before.counts[name] ?? 0) - (idle[name] ?? 0) * seconds) / checkouts,
              1,
            ),
          ] as const,
      )
      .filter(([, n]) => n > 0),
  );
};
const sum = (counts: Record<string, number>): number =>
  round(
    Object.values(counts).reduce((a, b) => a + b, 0),
    2,
  );
const breakdown = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

interface Ledger {
  onHand: number;
  reserved: number;
}

/** The UUIDs the tables hold behind the API's global IDs. */
const rawIds = (globalIds: string[]): string[] =>
  globalIds.map((id) => {
    const decoded = fromGlobalId(id);
    if (!decoded) throw new Error(`not a global ID: ${id}`);
    return decoded.id;
  });

/** The variants' stock as PostgreSQL holds it. */
async function stockOf(sql: postgres.Sql, variantIds: string[]): Promise<Ledger> {
  const [row] = await sql<{ on_hand: number; reserved: number }[]>`
    select coalesce(sum(on_hand), 0)::int as on_hand, coalesce(sum(reserved), 0)::int as reserved
    from inventory.stock_levels where variant_id = any(${variantIds}::uuid[])`;
  return { onHand: row!.on_hand, reserved: row!.reserved };
}

interface Audit {
  confirmedOrders: number;
  unitsSold: number;
  onHandDecrease: number;
  lowestStock: number;
  reserved: number;
  activeReservations: number;
  ordersByStatus: Record<string, number>;
  authorizedPayments: number;
  confirmedWithOneAuthorization: number;
  chargedWithoutOrder: number;
  failures: string[];
}

/**
 * Waits until no saga of these variants' orders is open. A checkout that answered PAYMENT_UNAVAILABLE or
 * SERVICE_UNAVAILABLE may leave its saga COMPENSATING (a void that timed out on a loaded machine) for recovery to end
 * after its deadline; the audit counts only once that has happened. Answers the sagas still open at `timeoutMs`.
 */
async function sagasClosed(sql: postgres.Sql, variantIds: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from orders.checkout_sagas s
      where s.state in ('RUNNING', 'WAITING', 'COMPENSATING')
        and exists (select 1 from orders.order_lines l where l.order_id = s.order_id and l.variant_id = any(${variantIds}::uuid[]))`;
    if (row!.n === 0 || Date.now() > deadline) return row!.n;
    await sleep(1000);
  }
}

/** After a run: every invariant of "no oversell, no double charge", read from the subgraphs' tables. */
async function audit(
  sql: postgres.Sql,
  variantIds: string[],
  before: Ledger,
  expected: { confirmed: number },
): Promise<Audit> {
  const ids = rawIds(variantIds);
  const open = await sagasClosed(sql, ids, SAGA_DEADLINE_MS + 30_000);
  const after = await stockOf(sql, ids);
  const [sold] = await sql<{ orders: number; units: number }[]>`
    select count(distinct o.id)::int as orders, coalesce(sum(l.quantity), 0)::int as units
    from orders.orders o join orders.order_lines l on l.order_id = o.id
    where o.status = 'CONFIRMED' and l.variant_id = any(${ids}::uuid[])`;
  const statuses = await sql<{ status: string; n: number }[]>`
    select o.status::text as status, count(*)::int as n from orders.orders o
    where exists (select 1 from orders.order_lines l where l.order_id = o.id and l.variant_id = any(${ids}::uuid[]))
    group by 1`;
  // "Never negative": the lowest on-hand any stock movement of these variants left behind, and what is left now.
  const [lowest] = await sql<{ ledger: number | null; now: number | null }[]>`
    select (select min(on_hand_after) from inventory.stock_ledger where variant_id = any(${ids}::uuid[]))::int as ledger,
           (select min(on_hand - reserved) from inventory.stock_levels where variant_id = any(${ids}::uuid[]))::int as now`;
  const [held] = await sql<{ n: number }[]>`
    select count(distinct r.id)::int as n from inventory.reservations r
    join inventory.reservation_allocations a on a.reservation_id = r.id
    where r.status = 'ACTIVE' and a.variant_id = any(${ids}::uuid[])`;
  const payments = await sql<{ confirmed: boolean; authorized: number }[]>`
    select o.status = 'CONFIRMED' as confirmed,
           count(p.id) filter (where p.status = 'AUTHORIZED')::int as authorized
    from orders.orders o left join payments.payment_intents p on p.order_id = o.id
    where exists (select 1 from orders.order_lines l where l.order_id = o.id and l.variant_id = any(${ids}::uuid[]))
    group by o.id, o.status`;
  const result: Audit = {
    confirmedOrders: sold!.orders,
    unitsSold: sold!.units,
    onHandDecrease: before.onHand - after.onHand,
    lowestStock: Math.min(lowest!.ledger ?? 0, lowest!.now ?? 0),
    reserved: after.reserved,
    activeReservations: held!.n,
    ordersByStatus: Object.fromEntries(statuses.map((row) => [row.status, row.n])),
    authorizedPayments: payments.reduce((total, row) => total + row.authorized, 0),
    confirmedWithOneAuthorization: payments.filter((row) => row.confirmed && row.authorized === 1).length,
    chargedWithoutOrder: payments.filter((row) => !row.confirmed && row.authorized > 0).length,
    failures: [],
  };
  const must = (holds: boolean, what: string) => void (holds || result.failures.push(what));
  must(
    result.confirmedOrders === expected.confirmed,
    `${result.confirmedOrders} orders CONFIRMED, ${expected.confirmed} expected`,
  );
  must(
    result.unitsSold === result.confirmedOrders,
    `units sold ${result.unitsSold} ≠ confirmed orders ${result.confirmedOrders}`,
  );
  must(
    result.onHandDecrease === result.unitsSold,
    `on-hand decrease ${result.onHandDecrease} ≠ units sold ${result.unitsSold}`,
  );
  must(result.lowestStock >= 0, `stock went negative (${result.lowestStock})`);
  must(result.reserved === 0 && result.activeReservations === 0, `${result.reserved} units still reserved`);
  must(
    result.confirmedWithOneAuthorization === result.confirmedOrders &&
      result.authorizedPayments === result.confirmedOrders,
    `${result.authorizedPayments} AUTHORIZED payments for ${result.confirmedOrders} confirmed orders`,
  );
  must(result.chargedWithoutOrder === 0, `${result.chargedWithoutOrder} unconfirmed orders hold an authorization`);
  must(!result.ordersByStatus.PENDING, `${result.ordersByStatus.PENDING} orders left PENDING`);
  must(open === 0, `${open} checkouts still open ${(SAGA_DEADLINE_MS + 30_000) / 1000} s after the run`);
  return result;
}

interface RunReport {
  run: string;
  buyers: number;
  seconds: number;
  answersPerSecond: number;
  ordersPerSecond: number;
  /** Buyers answered per second until the last unit was sold: the hot run's rate while it still had stock. */
  answersPerSecondWhileSelling: number;
  p50: number;
  p99: number;
  outcomes: Record<string, number>;
  retried: Record<string, number>;
  /** Per buyer's final answer (sold or OUT_OF_STOCK), and per unit sold. */
  sqlPerCheckout: Record<string, number>;
  sqlPerSale: Record<string, number>;
  /** The machine's 1-minute load average when the run ended (2 cores: above 2, something else competed). */
  loadAverage: number;
  audit: Audit;
}

async function measuredRun(
  server: ServerProcess,
  sql: postgres.Sql,
  signer: TestSigner,
  run: string,
  crowdOf: Buyer[],
  variantIds: string[],
  expectedConfirmed: number,
  idle: Counts,
): Promise<RunReport> {
  const stockBefore = await stockOf(sql, rawIds(variantIds));
  const before = await settledCounts(server, idle);
  const result = await crowd(server.info.gatewayUrl, signer, crowdOf, CONNECTIONS);
  const after = await settledCounts(server, idle);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const confirmed = result.outcomes.CONFIRMED ?? 0;
  return {
    run,
    buyers: crowdOf.length,
    seconds: round(result.seconds, 2),
    answersPerSecond: round(crowdOf.length / result.seconds),
    ordersPerSecond: round(confirmed / result.seconds),
    answersPerSecondWhileSelling: round(result.answeredByLastSale / Math.max(result.lastSaleSeconds, 0.001)),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    outcomes: result.outcomes,
    retried: result.retried,
    sqlPerCheckout: perCheckout(before, after, idle, crowdOf.length),
    sqlPerSale: perCheckout(before, after, idle, Math.max(confirmed, 1)),
    loadAverage: round(loadavg()[0]!, 2),
    audit: await audit(sql, variantIds, stockBefore, { confirmed: expectedConfirmed }),
  };
}

export async function runCheckout(): Promise<void> {
  const startedAt = Date.now();
  const progress = (what: string) =>
    console.log(
      `  ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${what} (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
    );
  const signer = await createTestSigner();
  const server = await startServer('checkout', {
    BENCH_JWKS: JSON.stringify(signer.jwks),
    BENCH_POOL_SIZE: String(POOL_SIZE),
    BENCH_STATEMENT_TAP: '1',
    // Like the checkout e2e test (subgraphs/orders/test/support/checkout-e2e-env.ts): one test card for every buyer,
    // stock held by checkout itself, generous timeouts on a loaded 2-core machine. The test provider answers at once,
    // so its bound is generous too: at the e2e test's 2 s, a busy event loop made it time out (PAYMENT_UNAVAILABLE).
    CART_RESERVATIONS: 'off',
    PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS: '0',
    CHECKOUT_COMMAND_TIMEOUT_MS: '30000',
    CHECKOUT_AUTHORIZE_TIMEOUT_MS: '40000',
    CHECKOUT_SAGA_DEADLINE_MS: String(SAGA_DEADLINE_MS),
    CHECKOUT_RECOVERY_INTERVAL_MS: '5000',
    PAYMENTS_PROVIDER_TIMEOUT_MS: '20000',
  });
  const { info } = server;
  const sql = postgres(info.databaseUrl, { max: 2, onnotice: () => undefined });
  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(info.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const client = graphqlClient(post, (caller) => callerHeaders(signer, caller));
  try {
    const shop = new Shop(client);
    await shop.setUp();
    const [loneVariants, uniformVariants, [hotVariant]] = await Promise.all([
      shop.variants(Math.min(LONE, 10), AMPLE, 'Lone Lamp'),
      shop.variants(UNIFORM_VARIANTS, AMPLE, 'Uniform Lamp'),
      shop.variants(1, HOT_UNITS, 'Hot Lamp'),
    ]);
    console.log(
      `checkout: supergraph up and shop seeded in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${BUYERS} buyers per run, ${CONNECTIONS} concurrent clients, pool ${POOL_SIZE} per subgraph${QUICK ? ' (quick)' : ''}`,
    );

    // 0. The idle supergraph: its statement rate, and the shapes of its pollers' transactions (left out of the replay).
    mkdirSync('.bench', { recursive: true });
    const captureFile = '.bench/checkout-statements.json';
    await server.command({ command: 'capture-start' });
    const idle = await idleRate(server);
    await server.command({ command: 'capture-stop', file: captureFile });
    const idleShapes = pollerShapes(JSON.parse(readFileSync(captureFile, 'utf8')) as CapturedStatement[]);
    progress(
      `idle supergraph: ${round(Object.values(idle).reduce((a, b) => a + b, 0))} statements/s (pollers), ${idleShapes.size} poller shapes`,
    );

    // 1. Lone checkouts, captured: latency without a crowd, and the statements of each for the replay.
    const lone = await buyers(client, signer, (i) => loneVariants[i % loneVariants.length]!, LONE);
    const loneLatencies: number[] = [];
    const marks: number[] = [];
    const loneBefore = await settledCounts(server, idle);
    let loneAfter = loneBefore;
    await server.command({ command: 'capture-start' });
    for (const buyer of lone) {
      marks.push((await server.command<{ at: number }>({ command: 'now' })).at);
      const result = await crowd(info.gatewayUrl, signer, [buyer], 1);
      if (result.outcomes.CONFIRMED !== 1)
        throw new Error(`a lone checkout failed: ${JSON.stringify(result.outcomes)}`);
      loneLatencies.push(...result.latencies);
      // Its events handled before the next one starts, so each capture holds one checkout's statements.
      loneAfter = await settledCounts(server, idle);
    }
    marks.push((await server.command<{ at: number }>({ command: 'now' })).at);
    await server.command({ command: 'capture-stop', file: captureFile });
    const captured = JSON.parse(readFileSync(captureFile, 'utf8')) as CapturedStatement[];
    const checkouts: ReplayCheckout[] = segmentCheckouts(captured, marks, idleShapes);
    const loneSorted = [...loneLatencies].sort((a, b) => a - b);

    // 2. and 3. The crowds.
    progress(`${LONE} lone checkouts captured (${captured.length} statements)`);
    const uniformBuyers = await buyers(client, signer, (i) => uniformVariants[i % uniformVariants.length]!, BUYERS);
    progress(`${BUYERS} uniform buyers with carts`);
    const uniform = await measuredRun(server, sql, signer, 'uniform', uniformBuyers, uniformVariants, BUYERS, idle);
    progress(`uniform run done in ${uniform.seconds} s`);
    const hotBuyers = await buyers(client, signer, () => hotVariant!, BUYERS);
    progress(`${BUYERS} hot-SKU buyers with carts`);
    const hot = await measuredRun(
      server,
      sql,
      signer,
      'hot SKU',
      hotBuyers,
      [hotVariant!],
      Math.min(HOT_UNITS, BUYERS),
      idle,
    );
    const hotOutOfStock = hot.outcomes.OUT_OF_STOCK ?? 0;
    if (hotOutOfStock !== Math.max(BUYERS - HOT_UNITS, 0))
      hot.audit.failures.push(`${hotOutOfStock} OUT_OF_STOCK answers, ${Math.max(BUYERS - HOT_UNITS, 0)} expected`);

    // 5. The same statements straight to PostgreSQL (after the audits: the replay writes rows of its own), with the
    // supergraph stopped so it neither competes for the 2 cores nor relays the replay's outbox rows.
    progress(`hot run done in ${hot.seconds} s`);
    await server.command({ command: 'quiesce' });
    // A replayed checkout writes an order of its own (its ids renewed): counted, to show the replay did the work.
    const orderCount = async () => (await sql<{ n: number }[]>`select count(*)::int as n from orders.orders`)[0]!.n;
    const ordersBeforeReplay = await orderCount();
    const replayAlone = await replayCheckouts(info.databaseUrl, checkouts, { times: LONE, connections: 1, pool: 1 });
    const replayCrowd = await replayCheckouts(info.databaseUrl, checkouts, {
      times: BUYERS,
      connections: CONNECTIONS,
      pool: POOL_SIZE,
    });
    // Each replay also warms up with one checkout before it measures.
    const replayedOrders = (await orderCount()) - ordersBeforeReplay;
    const replayedExpected = LONE + BUYERS + 2;

    progress('replays done');
    const loneSql = perCheckout(loneBefore, loneAfter, idle, LONE);
    const tapped = checkouts.reduce((total, c) => total + c.statements, 0) / checkouts.length;
    const rows = [
      {
        measure: 'lone checkout (one at a time)',
        'per s': round(1000 / (loneLatencies.reduce((a, b) => a + b, 0) / loneLatencies.length)),
        'p50 ms': round(percentile(loneSorted, 50)),
        'p99 ms': round(percentile(loneSorted, 99)),
        'SQL per checkout (goal ≤ 25)': `${sum(loneSql)}: ${breakdown(loneSql)}`,
      },
      {
        measure: '  its SQL replayed alone (postgres.js)',
        'per s': round(replayAlone.perSecond),
        'p50 ms': round(replayAlone.p50, 2),
        'p99 ms': round(replayAlone.p99, 2),
        'SQL per checkout (goal ≤ 25)': `${round(tapped, 1)} sent (BEGIN/COMMIT included), ${replayAlone.transactions} transactions`,
      },
      ...[uniform, hot].map((r) => ({
        measure: `${r.run}: ${r.buyers} buyers, ${r.outcomes.CONFIRMED ?? 0} sold`,
        'per s': r.answersPerSecond,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'SQL per checkout (goal ≤ 25)': `${sum(r.sqlPerCheckout)}: ${breakdown(r.sqlPerCheckout)}`,
      })),
      {
        measure: `  lone checkouts' SQL replayed × ${BUYERS}, ${CONNECTIONS} clients`,
        'per s': round(replayCrowd.perSecond),
        'p50 ms': round(replayCrowd.p50, 2),
        'p99 ms': round(replayCrowd.p99, 2),
        'SQL per checkout (goal ≤ 25)': `${
          replayCrowd.errors + replayAlone.errors
            ? `${replayCrowd.errors + replayAlone.errors} statements refused: ${replayCrowd.firstError ?? replayAlone.firstError}`
            : 'every statement accepted'
        }; ${replayedOrders} orders written (${replayedExpected} expected)`,
      },
      {
        measure: 'hot / uniform (goal ≥ 0.8)',
        'per s': round(hot.answersPerSecond / uniform.answersPerSecond, 2),
        'p50 ms': round(hot.p50 / uniform.p50, 2),
        'p99 ms': round(hot.p99 / uniform.p99, 2),
        'SQL per checkout (goal ≤ 25)': `while the hot SKU lasted: ${hot.answersPerSecondWhileSelling}/s, ratio ${round(
          hot.answersPerSecondWhileSelling / uniform.answersPerSecond,
          2,
        )}; orders/s: hot ${hot.ordersPerSecond}, uniform ${uniform.ordersPerSecond}`,
      },
    ];
    console.table(rows);
    const audits = [uniform, hot].map((r) => ({
      run: r.run,
      'orders CONFIRMED': r.audit.confirmedOrders,
      'units sold': r.audit.unitsSold,
      'on-hand decrease': r.audit.onHandDecrease,
      'lowest stock': r.audit.lowestStock,
      'left reserved': r.audit.reserved,
      'AUTHORIZED payments': r.audit.authorizedPayments,
      outcomes: JSON.stringify(r.outcomes),
      retried: JSON.stringify(r.retried),
      verdict: r.audit.failures.length === 0 ? 'ok: no oversell' : r.audit.failures.join('; '),
    }));
    console.table(audits);
    writeFileSync(
      '.bench/checkout.json',
      JSON.stringify(
        {
          at: new Date().toISOString(),
          quick: QUICK,
          buyers: BUYERS,
          hotUnits: HOT_UNITS,
          connections: CONNECTIONS,
          uniformVariants: UNIFORM_VARIANTS,
          poolSize: POOL_SIZE,
          lone: { checkouts: LONE, latenciesMs: loneLatencies.map((n) => round(n, 2)), sqlPerCheckout: loneSql },
          uniform,
          hot,
          replay: {
            alone: replayAlone,
            crowd: replayCrowd,
            statementsPerCheckout: tapped,
            ordersWritten: replayedOrders,
            ordersExpected: replayedExpected,
          },
          rows,
        },
        null,
        2,
      ),
    );
    const failures = [uniform, hot].flatMap((r) => r.audit.failures.map((f) => `${r.run}: ${f}`));
    if (failures.length > 0)
      throw new Error(`checkout bench FAILED (oversell or a broken invariant):\n${failures.join('\n')}`);
  } finally {
    await sql.end({ timeout: 5 });
    await server.stop();
  }
}
