import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { BusNaming } from '@shop/bus';
import { subgraphs as topology, urlVariable } from '@shop/topology';

/**
 * The benchmark's distributed topology: the gateway and each of a suite's subgraphs in a process of its own, started
 * from the same entry points and environment variables as `pnpm start:distributed` (scripts/run-distributed.ts, driven
 * by packages/topology), on the bench's database (already migrated and seeded by the embedded run) and stream. Ports
 * are free ones (another run on the machine may hold the topology's fixed ports); subgraphs the suite does not run
 * get an unreachable URL at the gateway. NODE_ENV is production, as deployed, with the gateway's throttle off as in
 * the embedded run (per-operation limits unchanged). Tokens are checked against a JWKS this process serves.
 */
export interface DistributedOptions {
  subgraphs: string[];
  databaseUrl: string;
  natsUrl: string;
  naming: BusNaming;
  jwks: unknown;
  poolSize?: number;
  /** Extra `node` arguments (the profile hook's preload). */
  execArgv: string[];
}

export interface RunningDistributed {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  gatewaySecret: string;
  /** Process name → pid (the gateway and each subgraph). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(name: string, url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} was not ready at ${url} within 120 s`);
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

export async function startDistributed(options: DistributedOptions): Promise<RunningDistributed> {
  const jwksServer = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(options.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  const gatewaySecret = randomBytes(32).toString('hex');
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    GATEWAY_SECRET: gatewaySecret,
    AUTH_JWKS_URL: jwksUrl,
    NATS_URL: options.natsUrl,
    EVENTS_STREAM: options.naming.streamName,
    EVENTS_SUBJECT_PREFIX: options.naming.eventPrefix,
    COMMANDS_SUBJECT_PREFIX: options.naming.commandPrefix,
  };
  const children = new Map<string, ChildProcess>();
  const launch = (name: string, entry: string, env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [...options.execArgv, entry], {
      env: { ...process.env, ...common, ...env, BENCH_PROCESS_NAME: name },
      // Their output to stderr: this process's stdout carries its JSON answers to the load generator.
      stdio: ['ignore', 2, 2],
    });
    children.set(name, child);
    return child;
  };
  const stop = async () => {
    // The gateway first (as scripts/run-distributed.ts does), then the subgraphs, each draining on SIGTERM.
    for (const group of [['gateway'], options.subgraphs]) {
      const running = group.map((name) => children.get(name)).filter((c): c is ChildProcess => c !== undefined);
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.all(running.map(exited));
    }
    await new Promise((resolve) => jwksServer.close(resolve));
  };
  process.on('exit', () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });
  try {
    const subgraphUrls: Record<string, string> = {};
    const services = topology.filter((s) => options.subgraphs.includes(s.name));
    await Promise.all(
      services.map(async (service) => {
        const port = await freePort();
        const child = launch(service.name, `${service.packageDir}/src/index.ts`, {
          PORT: String(port),
          DATABASE_URL: options.databaseUrl,
          ...(options.poolSize ? { DB_POOL_MAX: String(options.poolSize) } : {}),
        });
        await waitFor(service.name, `http://127.0.0.1:${port}/readyz`, child);
        subgraphUrls[service.name] = `http://127.0.0.1:${port}/graphql`;
      }),
    );
    const gatewayPort = await freePort();
    const gateway = launch('gateway', 'gateway/src/main.ts', {
      PORT: String(gatewayPort),
      RATE_LIMIT_COST_PER_MINUTE: '0',
      ...Object.fromEntries(
        topology.map((s) => [urlVariable(s.name), subgraphUrls[s.name] ?? 'http://127.0.0.1:9/graphql']),
      ),
    });
    // /healthz, not /readyz: the gateway's readiness wants every subgraph of the topology, and a suite runs a few.
    await waitFor('gateway', `http://127.0.0.1:${gatewayPort}/healthz`, gateway);
    return {
      gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
      subgraphUrls,
      gatewaySecret,
      pids: Object.fromEntries([...children].map(([name, child]) => [name, child.pid!])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
