import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import postgres from 'postgres';
import { subgraphs, urlVariable } from '@shop/topology';
import { distributedLauncherConfig } from '@shop/runtime';

/**
 * `pnpm start:distributed`: one process per subgraph plus the gateway, on PostgreSQL and NATS JetStream,
 * spawned from packages/topology, the same description docker-compose.yml is rendered from.
 * Defaults suit a developer machine with both servers on localhost; override with DATABASE_URL / NATS_URL.
 * Production (the default NODE_ENV) needs GATEWAY_SECRET; only NODE_ENV=development generates one.
 */
let config: ReturnType<typeof distributedLauncherConfig>;
try {
  config = distributedLauncherConfig(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const { databaseUrl, natsUrl, gatewaySecret, nodeEnv, gatewayPort, subgraphPorts } = config;
if (config.generatedSecret)
  process.stdout.write('launcher  | NODE_ENV=development: generated a GATEWAY_SECRET for this run\n');
const children = new Map<string, ChildProcess>();

async function ensureDatabase(): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await admin.unsafe(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}

let failed = false;
function launch(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, NODE_ENV: nodeEnv, GATEWAY_SECRET: gatewaySecret, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in a terminal reaches this launcher only, which stops the gateway
    // before the subgraphs, so requests in flight at the gateway can still reach them.
    detached: true,
  });
  const prefix = `${name.padEnd(10)}|`;
  process.stdout.write(`${prefix} pid ${child.pid}\n`);
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix} exited (${signal ?? code})\n`);
    if (code !== 0) failed = true;
    if (!stopping) void shutdown('child exit');
  });
  children.set(name, child);
  return child;
}

async function waitReady(name: string, port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} was not ready on port ${port} within 120 s`);
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

async function stopChildren(names: string[], signal: NodeJS.Signals): Promise<void> {
  const group = names.map((n) => children.get(n)).filter((c): c is ChildProcess => c !== undefined);
  for (const child of group) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await Promise.all(group.map(exited));
}

let stopping = false;
/** Gateway first (it finishes its requests while the subgraphs still answer), then every subgraph. */
async function shutdown(reason: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  process.stdout.write(`launcher  | stopping (${reason})\n`);
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }, 45_000);
  force.unref();
  await stopChildren(['gateway'], signal);
  await stopChildren(
    subgraphs.map((s) => s.name),
    signal,
  );
  process.stdout.write(`launcher  | stopped in ${Date.now() - started} ms\n`);
  process.exit(failed || reason === 'child exit' || reason === 'start failed' ? 1 : 0);
}

let lastSignalAt = 0;
function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    lastSignalAt = Date.now();
    void shutdown(signal, signal);
    return;
  }
  // A deliberate second signal (not the same one delivered twice) stops everything now.
  if (Date.now() - lastSignalAt < 1000) return;
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  process.exit(128 + (constants.signals[signal] ?? 1));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Children live in their own process groups: never leave them behind, whatever ends this launcher.
process.on('exit', () => {
  for (const child of children.values())
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function run(): Promise<void> {
  await ensureDatabase();
  const authPort = subgraphPorts.auth;
  const jwks: Record<string, string> = authPort
    ? { AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://127.0.0.1:${authPort}/.well-known/jwks.json` }
    : {};
  for (const s of subgraphs) {
    if (stopping) return;
    launch(s.name, `${s.packageDir}/src/index.ts`, {
      ...jwks,
      PORT: String(subgraphPorts[s.name]),
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
    });
  }
  await Promise.all(subgraphs.map((s) => waitReady(s.name, subgraphPorts[s.name]!)));
  if (stopping) return;
  launch('gateway', 'gateway/src/main.ts', {
    ...jwks,
    PORT: String(gatewayPort),
    NATS_URL: natsUrl,
    ...Object.fromEntries(
      subgraphs.map((s) => [urlVariable(s.name), `http://127.0.0.1:${subgraphPorts[s.name]}/graphql`]),
    ),
  });
  await waitReady('gateway', gatewayPort);
  if (stopping) return;
  const sandbox = nodeEnv === 'development' ? ` (Sandbox at http://localhost:${gatewayPort})` : '';
  process.stdout.write(
    `\n  Distributed supergraph ready (NODE_ENV=${nodeEnv}): http://localhost:${gatewayPort}/graphql${sandbox}\n\n`,
  );
}

run().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  void shutdown('start failed');
});
