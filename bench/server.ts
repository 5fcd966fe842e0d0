import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

/**
 * The benchmark's server process (bench/serve.ts) seen from the load generator: started as a child so the load
 * generator does not share its event loop, it answers one JSON ready line; suites that talk to it later (the
 * checkout suite's statement capture) send it one JSON line on stdin and read the next JSON answer line.
 */
export interface ServerInfo {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  gatewaySecret: string;
  /** The run's own database (a local test database, trust authentication): the checkout suite checks and replays on it. */
  databaseUrl: string;
  seedSeconds: number;
  products: number;
  variantsPerProduct: number;
}

export interface ServerProcess {
  info: ServerInfo;
  /** Sends a command line and resolves to the server's next JSON answer. */
  command<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startServer(suite: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/serve.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env, BENCH_SUITE: suite },
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"ready":true')) resolve(JSON.parse(line) as ServerInfo);
      else if (line.startsWith('{"answer":')) waiting.shift()?.(line);
    });
  });
  return {
    info,
    command<T>(message: Record<string, unknown>) {
      return new Promise<T>((resolve) => {
        waiting.push((line) => resolve((JSON.parse(line) as { answer: T }).answer));
        child.stdin!.write(`${JSON.stringify(message)}\n`);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type Counts = Record<string, number>;

/** Statements each subgraph has sent through drizzle so far (its `/metrics`), and the process's RSS. */
export async function statements(info: ServerInfo): Promise<{ counts: Counts; rssMb: number }> {
  const counts: Counts = {};
  let rssMb = 0;
  for (const [name, url] of Object.entries(info.subgraphUrls)) {
    const body = (await (
      await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { 'x-gateway-credential': info.gatewaySecret } })
    ).json()) as { sqlStatements: number; memory: { rss: number } };
    counts[name] = body.sqlStatements;
    rssMb = Math.round(body.memory.rss / 1024 / 1024);
  }
  return { counts, rssMb };
}
