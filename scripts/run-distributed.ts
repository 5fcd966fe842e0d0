import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { GATEWAY_PORT, subgraphs, urlVariable } from '@shop/topology';

/**
 * `pnpm start:distributed`: one process per subgraph plus the gateway, on PostgreSQL and NATS JetStream,
 * spawned from packages/topology, the same description docker-compose.yml is rendered from.
 * Defaults suit a developer machine with both servers on localhost; override with DATABASE_URL / NATS_URL.
 */
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shop';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const gatewaySecret = process.env.GATEWAY_SECRET ?? randomBytes(32).toString('hex');
const children: ChildProcess[] = [];

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

function launch(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, NODE_ENV: 'development', GATEWAY_SECRET: gatewaySecret, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${name.padEnd(10)}|`;
  for (const stream of [child.stdout!, child.stderr!]) {
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
    if (!stopping) shutdown(1);
  });
  children.push(child);
  return child;
}

async function waitReady(name: string, port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
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

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 15_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function run(): Promise<void> {
  await ensureDatabase();
  for (const s of subgraphs) {
    launch(s.name, `${s.packageDir}/src/index.ts`, { PORT: String(s.port), DATABASE_URL: databaseUrl, NATS_URL: natsUrl });
  }
  await Promise.all(subgraphs.map((s) => waitReady(s.name, s.port)));
  launch('gateway', 'gateway/src/main.ts', {
    PORT: String(GATEWAY_PORT),
    NATS_URL: natsUrl,
    ...Object.fromEntries(subgraphs.map((s) => [urlVariable(s.name), `http://127.0.0.1:${s.port}/graphql`])),
  });
  await waitReady('gateway', GATEWAY_PORT);
  process.stdout.write(`\n  Distributed supergraph ready: http://localhost:${GATEWAY_PORT}/graphql (Sandbox at http://localhost:${GATEWAY_PORT})\n\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  shutdown(1);
});
