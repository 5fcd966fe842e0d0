import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { scenarios as productScenarios } from './products.scenarios';

/**
 * `pnpm bench <suite>`: starts the supergraph in a child process (so the load generator does not share its
 * event loop), then drives each scenario with autocannon through the gateway and, for the same query, the
 * subgraph directly. Reports requests/s, p50/p99 latency, the gateway's overhead ratio, SQL statements per
 * request and the server's memory. Results go to stdout and `.bench/<suite>.json`.
 */
export interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Subgraph whose SQL statements are counted. */
  subgraph: string;
}

const suites: Record<string, Scenario[]> = { products: productScenarios };
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface ServerInfo {
  gatewayUrl: string;
  subgraphUrl: string;
  gatewaySecret: string;
  seedSeconds: number;
  products: number;
  variants: number;
}

async function startServer(): Promise<{ info: ServerInfo; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"ready":true')) resolve(JSON.parse(line) as ServerInfo);
    });
  });
  return {
    info,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function metrics(subgraphUrl: string): Promise<{ sqlStatements: number; rssMb: number }> {
  const res = await fetch(subgraphUrl.replace(/\/graphql$/, '/metrics'));
  const body = (await res.json()) as { sqlStatements: number; memory: { rss: number } };
  return { sqlStatements: body.sqlStatements, rssMb: Math.round(body.memory.rss / 1024 / 1024) };
}

async function load(url: string, headers: Record<string, string>, scenario: Scenario) {
  const body = JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} });
  // Check the answer once before measuring: a benchmark of errors measures nothing.
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const probeBody = (await probe.json()) as { errors?: unknown[] };
  if (!probe.ok || probeBody.errors) throw new Error(`${scenario.name} failed at ${url}: ${JSON.stringify(probeBody).slice(0, 500)}`);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections: CONNECTIONS,
    duration: DURATION,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

async function main(): Promise<void> {
  const suiteName = process.argv[2] ?? 'products';
  const suite = suites[suiteName];
  if (!suite) throw new Error(`Unknown suite "${suiteName}". Suites: ${Object.keys(suites).join(', ')}`);
  const server = await startServer();
  const rows: Record<string, unknown>[] = [];
  try {
    const { info } = server;
    console.log(`seeded ${info.products} products × ${info.variants} variants in ${info.seedSeconds.toFixed(1)} s; ${DURATION}s × ${CONNECTIONS} connections per run`);
    for (const scenario of suite) {
      const before = await metrics(info.subgraphUrl);
      const viaGateway = await load(info.gatewayUrl, {}, scenario);
      const middle = await metrics(info.subgraphUrl);
      const direct = await load(info.subgraphUrl, { 'x-gateway-credential': info.gatewaySecret }, scenario);
      const after = await metrics(info.subgraphUrl);
      // +1 probe request each run; statements per request through the gateway and direct.
      const gatewaySql = (middle.sqlStatements - before.sqlStatements) / (viaGateway.requests + 1);
      const directSql = (after.sqlStatements - middle.sqlStatements) / (direct.requests + 1);
      rows.push({
        scenario: scenario.name,
        'gateway rps': viaGateway.rps,
        'gateway p50 ms': viaGateway.p50,
        'gateway p99 ms': viaGateway.p99,
        'direct rps': direct.rps,
        'direct p50 ms': direct.p50,
        'direct p99 ms': direct.p99,
        'overhead (p50 ratio)': Number((viaGateway.p50 / Math.max(direct.p50, 0.01)).toFixed(2)),
        'overhead (rps ratio)': Number((direct.rps / Math.max(viaGateway.rps, 1)).toFixed(2)),
        'SQL/request (gateway)': Number(gatewaySql.toFixed(2)),
        'SQL/request (direct)': Number(directSql.toFixed(2)),
        'server RSS MB': after.rssMb,
      });
    }
    console.table(rows);
    mkdirSync('.bench', { recursive: true });
    writeFileSync(`.bench/${suiteName}.json`, JSON.stringify({ at: new Date().toISOString(), duration: DURATION, connections: CONNECTIONS, rows }, null, 2));
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
