import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import postgres from 'postgres';
import {
  createTestDatabase,
  gid,
  rawId,
  createTestSigner,
  openJetStreamProbe,
  testBusNaming,
  TEST_NATS_URL,
  type JetStreamProbe,
  type TestBusNaming,
  type TestDatabase,
  type TestSigner,
} from '@shop/testing';
import { databaseUrlVariable } from '@shop/topology';
import { freePort, spawnCommand, spawnEntry, type Exit, type SpawnedProcess } from './processes';

/**
 * The distributed runtime as separate processes (products, inventory, pricing, ...) on real PostgreSQL and
 * JetStream, for fault tests that kill them with real signals: SIGKILL, SIGSTOP/SIGCONT, SIGTERM. Each cluster has
 * its own database and stream/subject names, and removes them on close.
 */

export type ServiceName = 'products' | 'inventory' | 'pricing';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds; generous deadlines, because a loaded 2-core machine needs seconds for milliseconds of work. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<number> {
  const started = Date.now();
  let delay = 20;
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(delay);
    delay = Math.min(delay * 1.5, 200);
  }
}

export interface LogLine {
  level: number;
  msg?: string;
  alert?: string;
  [key: string]: unknown;
}

/** One service (one replica) as a process; restart() starts a new incarnation on the same port and environment. */
export interface ServiceProcess {
  name: ServiceName;
  /** Distinguishes replicas of one service in messages. */
  label: string;
  port: number;
  url: string;
  current(): SpawnedProcess;
  /** Every incarnation's output, in order. */
  output(): string;
  /** The JSON log lines of every incarnation. */
  logLines(): LogLine[];
  /** kill -9; resolves once the process is gone. */
  sigkill(): Promise<Exit>;
  sigstop(): void;
  sigcont(): void;
  /** Graceful stop; resolves with the exit. */
  sigterm(): Promise<Exit>;
  /** Starts a new incarnation (the previous one must be gone) and waits until /readyz answers. */
  restart(): Promise<void>;
  running(): boolean;
}

export interface Cluster {
  database: TestDatabase;
  naming: TestBusNaming;
  gatewaySecret: string;
  /** The test's own connection to the run's database: reads the services' tables (and plants a bad outbox row). */
  sql: postgres.Sql;
  jetstream: JetStreamProbe;
  /** Environment every service process (and every CLI pointed at this cluster) gets. */
  env: Record<string, string>;
  start(name: ServiceName, options?: { label?: string; env?: Record<string, string> }): Promise<ServiceProcess>;
  /** A staff request straight to a subgraph (with the gateway credential, as the gateway calls it). */
  graphql<T>(service: ServiceProcess, query: string, variables?: Record<string, unknown>): Promise<T>;
  /**
   * Runs a package script (e.g. `pnpm bus:status`) against this cluster. With `services`, only those subgraphs'
   * databases are configured (`<NAME>_DATABASE_URL`), as for an operator whose deployment runs just those.
   */
  pnpm(args: string[], options?: { services?: ServiceName[] }): Promise<{ exit: Exit; output: string }>;
  close(): Promise<void>;
}

async function serveJwks(signer: TestSigner): Promise<{ server: Server; url: string }> {
  const body = JSON.stringify(signer.jwks);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/.well-known/jwks.json` };
}

async function waitReady(url: string, proc: SpawnedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`process exited before ${url} was ready:\n${proc.output().slice(-4000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
}

function parseLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // a partial line still being written
    }
  }
  return lines;
}

export async function startCluster(label: string, extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const database = await createTestDatabase(label);
  const naming = testBusNaming(label);
  const signer = await createTestSigner();
  const jwks = await serveJwks(signer);
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  const jetstream = await openJetStreamProbe(naming.streamName);
  const gatewaySecret = randomBytes(32).toString('hex');
  const staff = await signer.headers({
    staff: true,
    permissions: ['catalog:write', 'inventory:write', 'pricing:write'],
  });
  const services: ServiceProcess[] = [];
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    GATEWAY_SECRET: gatewaySecret,
    AUTH_JWKS_URL: jwks.url,
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    EVENTS_STREAM: naming.streamName,
    EVENTS_SUBJECT_PREFIX: naming.eventPrefix,
    COMMANDS_SUBJECT_PREFIX: naming.commandPrefix,
    // Pricing learns the catalog from events here; a backfill through products would hide what the events did.
    PRICING_BACKFILL_ON_START: 'false',
    DB_POOL_MAX: '4',
    ...extraEnv,
  };

  const cluster: Cluster = {
    database,
    naming,
    gatewaySecret,
    sql,
    jetstream,
    env,
    async start(name, options = {}) {
      const port = await freePort();
      const processEnv = { ...env, PORT: String(port), ...options.env };
      const incarnations: SpawnedProcess[] = [];
      const url = `http://127.0.0.1:${port}`;
      const spawnOne = async () => {
        const proc = spawnEntry(`subgraphs/${name}/src/index.ts`, processEnv);
        incarnations.push(proc);
        await waitReady(`${url}/readyz`, proc, 120_000);
      };
      const current = () => incarnations[incarnations.length - 1]!;
      const running = () => {
        const c = current().child;
        return c.exitCode === null && c.signalCode === null;
      };
      const service: ServiceProcess = {
        name,
        label: options.label ?? name,
        port,
        url,
        current,
        output: () => incarnations.map((p) => p.output()).join(''),
        logLines: () => incarnations.flatMap((p) => parseLines(p.output())),
        async sigkill() {
          const proc = current();
          if (running()) proc.signal('SIGKILL');
          return proc.exited;
        },
        sigstop() {
          current().signal('SIGSTOP');
        },
        sigcont() {
          current().signal('SIGCONT');
        },
        async sigterm() {
          const proc = current();
          if (running()) proc.signal('SIGTERM');
          return proc.exited;
        },
        async restart() {
          if (running()) throw new Error(`${service.label} is still running`);
          await spawnOne();
        },
        running,
      };
      services.push(service);
      await spawnOne();
      return service;
    },
    async graphql<T>(service: ServiceProcess, query: string, variables: Record<string, unknown> = {}) {
      const res = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-credential': gatewaySecret, ...staff },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (!res.ok || body.errors || !body.data)
        throw new Error(`${service.label}: ${res.status} ${JSON.stringify(body).slice(0, 1000)}`);
      return body.data;
    },
    async pnpm(args, options = {}) {
      let commandEnv = env;
      if (options.services) {
        const { DATABASE_URL: _all, ...rest } = env;
        commandEnv = {
          ...rest,
          ...Object.fromEntries(options.services.map((name) => [databaseUrlVariable(name), database.url])),
        };
      }
      const proc = spawnCommand('pnpm', ['--silent', ...args], commandEnv);
      const exit = await proc.exited;
      return { exit, output: proc.output() };
    },
    async close() {
      for (const service of services) {
        const proc = service.current();
        // A frozen process ignores SIGKILL's exit until continued on some kernels' views of it: continue it first.
        if (service.running()) proc.signal('SIGCONT');
        await proc.kill();
      }
      await jetstream.close().catch(() => undefined);
      await sql.end({ timeout: 5 }).catch(() => undefined);
      await new Promise<void>((resolve) => jwks.server.close(() => resolve()));
      await database.drop();
      await naming.cleanup();
    },
  };
  return cluster;
}

// ---------------------------------------------------------------------------------------------------- catalog

interface UserErrors {
  userErrors: { message: string }[];
}

function noUserErrors<T extends UserErrors>(what: string, payload: T): T {
  if (payload.userErrors.length > 0) throw new Error(`${what}: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/**
 * The catalog mutations the fault tests drive, straight to the products subgraph as staff. Ids in and out are raw
 * UUIDs (what the tables and events the tests observe hold); the GraphQL calls send and read their global IDs.
 */
export function catalog(cluster: Cluster, products: ServiceProcess) {
  let n = 0;
  const sku = () => `F-${Date.now().toString(36)}-${(n++).toString(36)}`.toUpperCase();
  // Variants of one product must differ in their option values: every product gets one option with 100 values.
  const OPTION = 'N';
  const values = Array.from({ length: 100 }, (_, i) => `v${i}`);
  const used = new Map<string, number>();
  const nextValue = (productId: string) => {
    const i = used.get(productId) ?? 0;
    if (i >= values.length) throw new Error(`product ${productId} has no option value left`);
    used.set(productId, i + 1);
    return [{ name: OPTION, value: values[i]! }];
  };
  return {
    /** Products take at most 100 variants here (one option with 100 values). */
    async createProduct(name: string, variantCount = 0): Promise<{ id: string; variantIds: string[] }> {
      const data = await cluster.graphql<{
        productCreate: UserErrors & { product: { id: string; variants: { id: string }[] } };
      }>(
        products,
        `mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { message } } }`,
        {
          input: {
            name,
            status: 'ACTIVE',
            options: [{ name: OPTION, values }],
            variants: Array.from({ length: variantCount }, (_, i) => ({
              sku: sku(),
              optionValues: [{ name: OPTION, value: values[i]! }],
            })),
          },
        },
      );
      const product = noUserErrors('productCreate', data.productCreate).product;
      used.set(rawId(product.id), variantCount);
      return { id: rawId(product.id), variantIds: product.variants.map((v) => rawId(v.id)) };
    },
    async createVariant(productId: string): Promise<string> {
      const data = await cluster.graphql<{ variantCreate: UserErrors & { variant: { id: string } } }>(
        products,
        `mutation($input: VariantCreateInput!) { variantCreate(input: $input) { variant { id } userErrors { message } } }`,
        { input: { productId: gid('Product', productId), sku: sku(), optionValues: nextValue(productId) } },
      );
      return rawId(noUserErrors('variantCreate', data.variantCreate).variant.id);
    },
    async updateVariant(id: string): Promise<void> {
      const data = await cluster.graphql<{ variantUpdate: UserErrors }>(
        products,
        `mutation($input: VariantUpdateInput!) { variantUpdate(input: $input) { userErrors { message } } }`,
        { input: { id: gid('ProductVariant', id), sku: sku() } },
      );
      noUserErrors('variantUpdate', data.variantUpdate);
    },
    async deleteVariant(id: string): Promise<void> {
      const data = await cluster.graphql<{ variantDelete: UserErrors }>(
        products,
        `mutation($input: VariantDeleteInput!) { variantDelete(input: $input) { deletedVariantId userErrors { message } } }`,
        { input: { id: gid('ProductVariant', id) } },
      );
      noUserErrors('variantDelete', data.variantDelete);
    },
    async deleteProduct(id: string): Promise<void> {
      const data = await cluster.graphql<{ productDelete: UserErrors }>(
        products,
        `mutation($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId userErrors { message } } }`,
        { input: { id: gid('Product', id) } },
      );
      noUserErrors('productDelete', data.productDelete);
    },
  };
}

/** A warehouse, so that inventory's `variant.created` handler creates a stock row per variant: its raw UUID. */
export async function createWarehouse(cluster: Cluster, inventory: ServiceProcess, code: string): Promise<string> {
  const data = await cluster.graphql<{ warehouseCreate: UserErrors & { warehouse: { id: string } } }>(
    inventory,
    `mutation($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } userErrors { message } } }`,
    {
      input: { code, name: code, address: { line1: 'Dock 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' } },
    },
  );
  return rawId(noUserErrors('warehouseCreate', data.warehouseCreate).warehouse.id);
}

// ---------------------------------------------------------------------------------------------------- observations

/** What inventory and pricing hold, read straight from their tables. */
export function observe(sql: postgres.Sql) {
  return {
    /** Variants inventory treats as live (a row without deleted_at) among `ids`. */
    async inventoryLive(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await sql<
        { id: string }[]
      >`select id from inventory.variants where id = any(${ids as string[]}::uuid[]) and deleted_at is null`;
      return new Set(rows.map((r) => r.id));
    },
    /** Stock rows of live variants that count (what `stockLevels` and `inStock` see), per variant. */
    async countedStockRows(ids: readonly string[]): Promise<Map<string, number>> {
      const rows = await sql<{ id: string; n: number }[]>`
        select s.variant_id as id, count(*)::int as n from inventory.stock_levels s
        join inventory.variants v on v.id = s.variant_id
        where s.variant_id = any(${ids as string[]}::uuid[]) and v.deleted_at is null group by s.variant_id`;
      return new Map(rows.map((r) => [r.id, r.n]));
    },
    /** Every stock row per variant, counted or not (a duplicate would show here). */
    async allStockRows(ids: readonly string[]): Promise<Map<string, number>> {
      const rows = await sql<{ id: string; n: number }[]>`
        select variant_id as id, count(*)::int as n from inventory.stock_levels where variant_id = any(${ids as string[]}::uuid[]) group by variant_id`;
      return new Map(rows.map((r) => [r.id, r.n]));
    },
    async pricingLive(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await sql<
        { id: string }[]
      >`select variant_id as id from pricing.catalog_variants where variant_id = any(${ids as string[]}::uuid[]) and live`;
      return new Set(rows.map((r) => r.id));
    },
    async pricingKnown(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await sql<
        { id: string }[]
      >`select variant_id as id from pricing.catalog_variants where variant_id = any(${ids as string[]}::uuid[])`;
      return new Set(rows.map((r) => r.id));
    },
    async deadLetters(
      schema: 'inventory' | 'pricing',
    ): Promise<{ event_id: string | null; error: string; deliveries: number }[]> {
      return sql.unsafe(`select event_id, error, deliveries from ${schema}.dead_letters`);
    },
    /** Inbox rows per event id (1 = applied once; there is a primary key, so a duplicate would be a second consumer name). */
    async inboxCount(schema: 'inventory' | 'pricing'): Promise<number> {
      const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${schema}.inbox`);
      return row?.n ?? 0;
    },
    /** Which of `eventIds` the consumer has settled (applied, or skipped as superseded): they are in its inbox. */
    async inInbox(schema: 'inventory' | 'pricing', eventIds: readonly string[]): Promise<Set<string>> {
      if (eventIds.length === 0) return new Set();
      const rows = await sql.unsafe<{ id: string }[]>(
        `select event_id::text as id from ${schema}.inbox where event_id = any($1::uuid[])`,
        [eventIds as string[]],
      );
      return new Set(rows.map((r) => r.id));
    },
    /** Outbox event ids of products' events about `aggregate` (the envelope's subject), in commit order. */
    async eventIds(aggregate: string, type?: string): Promise<string[]> {
      const rows = await sql<{ id: string }[]>`
        select id from products.outbox where envelope->>'subject' = ${aggregate} and (${type ?? null}::text is null or type = ${type ?? null}) order by seq`;
      return rows.map((r) => r.id);
    },
  };
}

/** Until the durable has nothing pending and nothing unacknowledged: every event reached a verdict. */
export async function waitSettled(cluster: Cluster, durable: string, timeoutMs = 90_000): Promise<number> {
  return waitFor(
    async () => {
      const state = await cluster.jetstream.durable(durable);
      return state !== null && state.pending === 0 && state.ackPending === 0;
    },
    `${durable} to have acknowledged everything`,
    timeoutMs,
  );
}

/** Until a durable has a pull request waiting at the server (the process is idle and listening). */
export async function waitListening(cluster: Cluster, durable: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => ((await cluster.jetstream.durable(durable))?.waiting ?? 0) > 0,
    `${durable} to be pulling`,
    timeoutMs,
  );
}

/** Writes a timing figure where the run's output keeps it (the closing note quotes these). */
export function report(line: string): void {
  process.stdout.write(`[faults] ${line}\n`);
}
