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
  /** Process name → pid of the processes serving the requests (one `supergraph` process, or the distributed ones). */
  pids: Record<string, number>;
}

/** What the `distribute` command answers: the distributed supergraph that replaced the embedded one. */
export type DistributedInfo = Pick<ServerInfo, 'gatewayUrl' | 'subgraphUrls' | 'gatewaySecret' | 'pids'>;

export interface ServerProcess {
  info: ServerInfo;
  /** Sends a command line and resolves to the server's next JSON answer. */
  command<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `profileDir`: preload bench/profile-hook.ts into the server process and every process it starts (SIGUSR2 starts
 * and stops a CPU profile, written to that directory).
 */
export async function startServer(
  suite: string,
  env: Record<string, string> = {},
  options: { profileDir?: string } = {},
): Promise<ServerProcess> {
  const hook = options.profileDir ? ['--import', './bench/profile-hook.ts'] : [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...hook, 'bench/serve.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...env,
      BENCH_SUITE: suite,
      BENCH_PROCESS_NAME: 'supergraph',
      ...(options.profileDir ? { BENCH_PROFILE_DIR: options.profileDir } : {}),
    },
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"ready":true'))
        resolve({ ...(JSON.parse(line) as Omit<ServerInfo, 'pids'>), pids: { supergraph: child.pid! } });
      else if (line.startsWith('{"answer":')) waiting.shift()?.(line);
      // Anything else is the server's log (warnings and errors): shown, not swallowed.
      else process.stderr.write(`server | ${line}\n`);
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

/**
 * Statements each subgraph has sent through drizzle so far (its `/metrics`), and RSS: `rssMb` of the (last) subgraph's
 * process, `rss` per process in MB (one `supergraph` entry when everything runs in one process).
 */
export async function statements(
  info: Pick<ServerInfo, 'gatewayUrl' | 'subgraphUrls' | 'gatewaySecret' | 'pids'>,
): Promise<{ counts: Counts; rssMb: number; rss: Record<string, number> }> {
  const counts: Counts = {};
  const rss: Record<string, number> = {};
  const metrics = async (url: string) =>
    (await (
      await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { 'x-gateway-credential': info.gatewaySecret } })
    ).json()) as { sqlStatements: number; memory: { rss: number } };
  const oneProcess = info.pids.supergraph !== undefined;
  let rssMb = 0;
  for (const [name, url] of Object.entries(info.subgraphUrls)) {
    const body = await metrics(url);
    counts[name] = body.sqlStatements;
    rssMb = Math.round(body.memory.rss / 1024 / 1024);
    rss[oneProcess ? 'supergraph' : name] = rssMb;
  }
  if (!oneProcess) rss.gateway = Math.round((await metrics(info.gatewayUrl)).memory.rss / 1024 / 1024);
  return { counts, rssMb, rss };
}
