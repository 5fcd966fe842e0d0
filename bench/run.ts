import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { comparisons as catalogComparisons, replayed as catalogReplayed } from './catalog.scenarios';
import { comparisons as productComparisons } from './products.scenarios';
import { runBusLag } from './bus-lag';
import { runCheckout } from './checkout';
import {
  pollerShapes,
  replayCheckouts,
  segmentCheckouts,
  type CapturedStatement,
  type ReplayCheckout,
  type ReplayResult,
} from './checkout-replay';
import { groupRows, summarize, topRows, type ProfileSummary } from './profile';
import { startServer, statements, type DistributedInfo, type ServerInfo, type ServerProcess } from './server';

/**
 * `pnpm bench <suite> [--topology both|single|distributed] [--profile]`: starts the supergraph in a child process (so
 * the load generator does not share its event loop), then drives each comparison with autocannon: two runs side by
 * side (through the gateway vs the subgraph directly, or a query with and without some fields). Reports requests/s,
 * p50/p99 latency, their ratio, SQL statements per request for each subgraph, RSS per process, and the machine's load
 * average at the end of each run (a shared machine's numbers mean little without it).
 *
 * - Topologies: `single` is the embedded supergraph (gateway and subgraphs in one process); `distributed` is the
 *   gateway and each subgraph in a process of its own, as deployed (bench/distributed.ts), on the same seeded
 *   database. `both` (the default) runs single first, then distributed, and prints their ratios side by side.
 * - SQL replay (suites with a `replayed` run: catalog): the SQL statements one request of that run sends (captured
 *   by @shop/db's statement tap in the embedded run) replayed straight to PostgreSQL with postgres.js
 *   (bench/checkout-replay.ts) by as many concurrent clients as autocannon's connections, on a pool of as many
 *   connections, for the same duration; a request's statements go one after the other, as a client would send them.
 *   Reported as the run's requests/s ÷ the replay's, per topology.
 * - `--profile`: a CPU profile of every process during every measured run (bench/profile-hook.ts), written to
 *   `.bench/profiles/<suite>/<topology>/<run>/<process>.cpuprofile` (open them in Chrome DevTools or speedscope), and
 *   per run a table of self time by group per process and the top functions by self time (bench/profile.ts has the
 *   grouping rules). Profiling slows the runs a little: compare numbers of runs made the same way.
 * Results: stdout and `.bench/<suite>.json`.
 */
export interface Run {
  label: string;
  /** Through the gateway, or straight to one subgraph (with the gateway credential, as the gateway calls it). */
  via: 'gateway' | { subgraph: string };
  query: string;
  variables?: Record<string, unknown>;
}

export interface Comparison {
  name: string;
  left: Run;
  right: Run;
}

interface Suite {
  comparisons: Comparison[];
  /** A run whose SQL is replayed straight to PostgreSQL for comparison. */
  replayed?: Run;
}

type Topology = 'single' | 'distributed';
type Target = Pick<ServerInfo, 'gatewayUrl' | 'subgraphUrls' | 'gatewaySecret' | 'pids'>;

const suites: Record<string, Suite> = {
  products: { comparisons: productComparisons },
  catalog: { comparisons: catalogComparisons, replayed: catalogReplayed },
};
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PROFILE_TOP = Number(process.env.BENCH_PROFILE_TOP ?? 10);
const PROFILES = resolve('.bench/profiles');
const PENDING = join(PROFILES, '.pending');

interface Options {
  suite: string;
  topologies: Topology[];
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  let suite: string | undefined;
  let topology = 'both';
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    else if (arg === '--profile') profile = true;
    else if (arg === '--topology') topology = argv[++i] ?? '';
    else if (arg.startsWith('--topology=')) topology = arg.slice('--topology='.length);
    else if (arg.startsWith('--'))
      throw new Error(`Unknown flag ${arg}. Flags: --topology both|single|distributed, --profile`);
    else suite ??= arg;
  }
  const topologies: Record<string, Topology[]> = {
    both: ['single', 'distributed'],
    single: ['single'],
    distributed: ['distributed'],
  };
  const chosen = topologies[topology];
  if (!chosen) throw new Error(`--topology ${topology}: one of both, single, distributed`);
  return { suite: suite ?? 'products', topologies: chosen, profile };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function request(target: Target, run: Run) {
  const url = run.via === 'gateway' ? target.gatewayUrl : target.subgraphUrls[run.via.subgraph]!;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (run.via !== 'gateway') headers['x-gateway-credential'] = target.gatewaySecret;
  const body = JSON.stringify({ query: run.query, variables: run.variables ?? {} });
  return { url, headers, body };
}

/** Sends the run's request once and fails on a transport or GraphQL error: a benchmark of errors measures nothing. */
async function once(target: Target, run: Run): Promise<void> {
  const { url, headers, body } = request(target, run);
  const response = await fetch(url, { method: 'POST', headers, body });
  const answer = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || answer.errors)
    throw new Error(`${run.label} failed at ${url}: ${JSON.stringify(answer).slice(0, 500)}`);
}

/** SIGUSR2 to every serving process: starts their profiles, or stops them and collects the files into `into`. */
async function toggleProfiles(target: Target, into?: string): Promise<Record<string, ProfileSummary>> {
  for (const pid of Object.values(target.pids)) process.kill(pid, 'SIGUSR2');
  if (!into) return {};
  mkdirSync(into, { recursive: true });
  const summaries: Record<string, ProfileSummary> = {};
  for (const name of Object.keys(target.pids)) {
    const pending = join(PENDING, `${name}.pending.cpuprofile`);
    const deadline = Date.now() + 60_000;
    while (!existsSync(pending)) {
      if (Date.now() > deadline) throw new Error(`no CPU profile from ${name} within 60 s`);
      await sleep(100);
    }
    const file = join(into, `${name}.cpuprofile`);
    renameSync(pending, file);
    summaries[name] = summarize(file);
  }
  return summaries;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  sql: string;
  rss: string;
  /** Answers (HTTP 200) that carried GraphQL errors. */
  errors: number;
  /** The machine's 1-minute load average at the end of the run (others' work included: the machine may be shared). */
  load: number;
}

interface Profiled {
  suite: string;
  topology: Topology;
  comparison: string;
  run: string;
  summaries: Record<string, ProfileSummary>;
}

async function load(
  target: Target,
  run: Run,
  profile: { into: string; record: (summaries: Record<string, ProfileSummary>) => void } | undefined,
): Promise<Measured> {
  const { url, headers, body } = request(target, run);
  await once(target, run);
  const before = await statements(target);
  if (profile) await toggleProfiles(target);
  // An answer with GraphQL errors is a 200 too (a subgraph timed out, the gateway's breaker opened): counted apart,
  // since such answers are cheap and would flatter the rate.
  let firstError: string | undefined;
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    duration: DURATION,
    verifyBody: (raw) => {
      const answer = raw === undefined ? '' : raw.toString();
      if (!answer.includes('"errors"')) return true;
      firstError ??= answer.slice(answer.indexOf('"errors"'), answer.indexOf('"errors"') + 300);
      return false;
    },
  });
  if (profile) profile.record(await toggleProfiles(target, profile.into));
  const after = await statements(target);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${run.label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (result.mismatches > 0)
    console.warn(`${run.label}: ${result.mismatches} answers with GraphQL errors, the first: ${firstError}`);
  const perRequest = Object.entries(after.counts)
    .map(([name, count]) => [name, (count - (before.counts[name] ?? 0)) / result.requests.total] as const)
    .filter(([, n]) => n > 0.001)
    .map(([name, n]) => `${name} ${n.toFixed(2)}`)
    .join(', ');
  return {
    // One decimal: a heavy listing runs at a few requests/s, where a whole number would skew the ratios.
    rps: Number(result.requests.average.toFixed(1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    sql: perRequest || 'none',
    errors: result.mismatches,
    load: Number(loadavg()[0]!.toFixed(1)),
    rss: Object.entries(after.rss)
      .map(([name, mb]) => (Object.keys(after.rss).length === 1 ? String(mb) : `${name} ${mb}`))
      .join(', '),
  };
}

/**
 * One request of `run`, its SQL captured in the server process: first the idle supergraph's statements for a moment
 * (the shapes of its pollers' ticks, left out), then the statements sent between the request's start and its answer.
 */
async function captureRequest(server: ServerProcess, suite: string, run: Run): Promise<ReplayCheckout> {
  const target = server.info;
  for (let i = 0; i < 3; i++) await once(target, run);
  const idleFile = resolve(`.bench/${suite}-idle-statements.json`);
  const requestFile = resolve(`.bench/${suite}-request-statements.json`);
  await server.command({ command: 'capture-start' });
  await sleep(1500);
  await server.command({ command: 'capture-stop', file: idleFile });
  const pollers = pollerShapes(JSON.parse(readFileSync(idleFile, 'utf8')) as CapturedStatement[]);
  const start = await server.command<{ at: number }>({ command: 'capture-start' });
  await once(target, run);
  const end = await server.command<{ at: number }>({ command: 'now' });
  await server.command({ command: 'capture-stop', file: requestFile });
  const captured = JSON.parse(readFileSync(requestFile, 'utf8')) as CapturedStatement[];
  const [request] = segmentCheckouts(captured, [start.at, end.at], pollers);
  if (!request || request.statements === 0) throw new Error(`captured no SQL for ${run.label}`);
  return request;
}

/** The captured request's SQL, replayed for about DURATION seconds (the rate of a short warm-up run sets the count). */
async function replayFor(databaseUrl: string, request: ReplayCheckout): Promise<ReplayResult> {
  const shape = { connections: CONNECTIONS, pool: CONNECTIONS };
  const warm = await replayCheckouts(databaseUrl, [request], { ...shape, times: CONNECTIONS * 20 });
  const times = Math.max(CONNECTIONS, Math.round(warm.perSecond * DURATION));
  return replayCheckouts(databaseUrl, [request], { ...shape, times });
}

/**
 * Each statement of the captured request alone, on one connection, after the replay (so warm): the median of 5 runs,
 * to show which of them the replay's time goes to; their plans (EXPLAIN ANALYZE, BUFFERS) go to `plansFile`.
 */
async function statementTimes(
  databaseUrl: string,
  request: ReplayCheckout,
  plansFile: string,
): Promise<Record<string, unknown>[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  // As drizzle sets up postgres.js (and the replay does): json parameters arrive already serialized.
  const serializers = sql.options.serializers as Record<string, (value: unknown) => unknown>;
  serializers['114'] = serializers['3802'] = (value: unknown) => value;
  try {
    const rows: Record<string, unknown>[] = [];
    const plans: string[] = [];
    for (const unit of request.units) {
      for (const statement of unit.statements) {
        const times: number[] = [];
        let rowCount = 0;
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          const result = await sql.unsafe(statement.query, statement.parameters as postgres.ParameterOrJSON<never>[]);
          times.push(performance.now() - started);
          rowCount = result.length;
        }
        times.sort((a, b) => a - b);
        const plan = await sql.unsafe(
          `explain (analyze, buffers) ${statement.query}`,
          statement.parameters as postgres.ParameterOrJSON<never>[],
        );
        plans.push(
          `-- ${statement.query}\n${plan.map((row) => (row as Record<string, string>)['QUERY PLAN']).join('\n')}\n`,
        );
        rows.push({
          statement: statement.query.replace(/\s+/g, ' ').slice(0, 90),
          parameters: statement.parameters.length,
          rows: rowCount,
          'median ms': Number(times[2]!.toFixed(2)),
        });
      }
    }
    writeFileSync(plansFile, plans.join('\n'));
    return rows;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const ratio = (left: number, right: number) => Number((left / Math.max(right, 0.01)).toFixed(2));

function printProfiles(profiles: Profiled[]): void {
  for (const p of profiles) {
    console.log(
      `\nCPU profile, ${p.suite} ${p.topology}: ${p.comparison}, ${p.run} (self time by group, of busy time)`,
    );
    console.table(groupRows(p.summaries));
    for (const [name, summary] of Object.entries(p.summaries)) {
      console.log(`top ${PROFILE_TOP} functions by self time: ${name}`);
      console.table(topRows(summary, PROFILE_TOP));
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const suiteName = options.suite;
  // Not a request-rate comparison: it runs its own processes and measures event lag (bench/bus-lag.ts).
  if (suiteName === 'bus-lag') return runBusLag();
  // Not a fixed request either: every checkout needs a buyer and a cart of its own (bench/checkout.ts).
  if (suiteName === 'checkout') return runCheckout();
  const suite = suites[suiteName];
  if (!suite)
    throw new Error(
      `Unknown suite "${suiteName}". Suites: ${[...Object.keys(suites), 'bus-lag', 'checkout'].join(', ')}`,
    );
  if (options.profile) {
    rmSync(PENDING, { recursive: true, force: true });
    mkdirSync(PENDING, { recursive: true });
  }
  const server = await startServer(suiteName, suite.replayed ? { BENCH_STATEMENT_TAP: '1' } : {}, {
    profileDir: options.profile ? PENDING : undefined,
  });
  const rows: Record<string, unknown>[] = [];
  const side: Record<string, Record<string, unknown>> = {};
  const profiles: Profiled[] = [];
  const rpsOf = new Map<Run, Partial<Record<Topology, number>>>();
  let replay: { request: ReplayCheckout; result: ReplayResult; alone: Record<string, unknown>[] } | undefined;
  try {
    const { info } = server;
    console.log(
      `${suiteName}: seeded ${info.products} products × ${info.variantsPerProduct} variants in ${info.seedSeconds.toFixed(1)} s; ${DURATION}s × ${CONNECTIONS} connections per run; topology ${options.topologies.join(' then ')}${options.profile ? '; CPU profiles on' : ''}`,
    );
    const runSuite = async (topology: Topology, target: Target) => {
      for (const comparison of suite.comparisons) {
        const measured: Measured[] = [];
        for (const run of [comparison.left, comparison.right]) {
          const profile = options.profile
            ? {
                into: join(PROFILES, suiteName, topology, slug(`${comparison.name} ${run.label}`)),
                record: (summaries: Record<string, ProfileSummary>) =>
                  profiles.push({ suite: suiteName, topology, comparison: comparison.name, run: run.label, summaries }),
              }
            : undefined;
          const r = await load(target, run, profile);
          measured.push(r);
          rpsOf.set(run, { ...rpsOf.get(run), [topology]: r.rps });
          rows.push({
            topology,
            comparison: comparison.name,
            run: run.label,
            rps: r.rps,
            'p50 ms': r.p50,
            'p99 ms': r.p99,
            'SQL per request': r.sql,
            'RSS MB': r.rss,
            'answers with errors': r.errors,
            load: r.load,
          });
        }
        const [left, right] = measured as [Measured, Measured];
        rows.push({
          topology,
          comparison: comparison.name,
          run: `ratio ${comparison.left.label} / ${comparison.right.label}`,
          rps: ratio(left.rps, right.rps),
          'p50 ms': ratio(left.p50, right.p50),
          'p99 ms': ratio(left.p99, right.p99),
        });
        const key = `${comparison.name}: ${comparison.left.label} / ${comparison.right.label}`;
        side[`${key}, rps`] = { ...side[`${key}, rps`], [topology]: ratio(left.rps, right.rps) };
        side[`${key}, p50`] = { ...side[`${key}, p50`], [topology]: ratio(left.p50, right.p50) };
      }
    };
    if (options.topologies.includes('single')) await runSuite('single', info);
    // Captured in the embedded run (its process holds the statement tap); the SQL is the same in both topologies.
    const request = suite.replayed ? await captureRequest(server, suiteName, suite.replayed) : undefined;
    if (options.topologies.includes('distributed')) {
      const distributed = await server.command<DistributedInfo & { error?: string }>({ command: 'distribute' });
      if (distributed.error) throw new Error(`distributed topology did not start: ${distributed.error}`);
      await runSuite('distributed', distributed);
    }
    if (suite.replayed && request) {
      // With the supergraph stopped, so it competes for neither the cores nor the database.
      await server.command({ command: 'quiesce' });
      const result = await replayFor(info.databaseUrl, request);
      const plansFile = resolve(`.bench/${suiteName}-replay-plans.txt`);
      replay = { request, result, alone: await statementTimes(info.databaseUrl, request, plansFile) };
      rows.push({
        topology: 'none',
        comparison: `SQL replay: ${suite.replayed.label}`,
        run: `postgres.js, ${CONNECTIONS} clients, pool ${CONNECTIONS}`,
        rps: Number(result.perSecond.toFixed(1)),
        'p50 ms': Number(result.p50.toFixed(2)),
        'p99 ms': Number(result.p99.toFixed(2)),
        'SQL per request': `${request.statements} statements${result.errors ? `; ${result.errors} refused: ${result.firstError}` : ''}`,
        load: Number(loadavg()[0]!.toFixed(1)),
      });
      const rps = rpsOf.get(suite.replayed) ?? {};
      side[`${suite.replayed.label} / its SQL replayed, rps`] = Object.fromEntries(
        Object.entries(rps).map(([topology, value]) => [topology, ratio(value, result.perSecond)]),
      );
    }
    console.table(rows);
    if (replay) {
      console.log(
        `The replayed request's statements, each alone on one connection (plans: .bench/${suiteName}-replay-plans.txt):`,
      );
      console.table(replay.alone);
    }
    console.log('Ratios side by side:');
    console.table(side);
    if (options.profile) printProfiles(profiles);
    mkdirSync('.bench', { recursive: true });
    writeFileSync(
      `.bench/${suiteName}.json`,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          duration: DURATION,
          connections: CONNECTIONS,
          topologies: options.topologies,
          rows,
          ratios: side,
          ...(replay
            ? { replay: { statements: replay.request.statements, ...replay.result, alone: replay.alone } }
            : {}),
          ...(options.profile
            ? {
                profiles: profiles.map((p) => ({
                  ...p,
                  summaries: Object.fromEntries(
                    Object.entries(p.summaries).map(([name, s]) => [
                      name,
                      {
                        busyMs: s.busyMs,
                        gcMs: s.gcMs,
                        drizzleBuildMs: s.drizzleBuildMs,
                        groups: s.groups,
                        top: s.functions.slice(0, PROFILE_TOP),
                      },
                    ]),
                  ),
                })),
              }
            : {}),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
