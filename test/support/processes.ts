import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request, type IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Real processes for tests that must see what an operator sees: `pnpm start`, `pnpm start:distributed`,
 * signals, exit codes and sockets, not an in-process stand-in.
 */

export const REPO_ROOT = join(__dirname, '..', '..');

/** A port nobody listens on right now (the kernel picks it; it is released before the process binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process exited. */
  at: number;
}

export interface SpawnedProcess {
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<Exit>;
  /** Sends `signal` and returns Date.now() at that moment. */
  signal(signal: NodeJS.Signals): number;
  /** Kills it (and any pids it reported) if still running; for afterAll. */
  kill(): Promise<void>;
}

/**
 * Spawns a TypeScript entry point the way the package scripts and the distributed launcher do
 * (`node --import tsx <entry>`), with exactly `env` on top of PATH and HOME: the test decides NODE_ENV,
 * never jest (which sets NODE_ENV=test and would hide production behaviour).
 */
export function spawnEntry(entry: string, env: Record<string, string>): SpawnedProcess {
  return spawnCommand(process.execPath, ['--import', 'tsx', entry], env);
}

/** Spawns any command from the repository root (e.g. `pnpm start`), with the same environment rules. */
export function spawnCommand(command: string, args: string[], env: Record<string, string>): SpawnedProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    child,
    pid: child.pid!,
    output: () => text,
    exited,
    signal(signal) {
      const at = Date.now();
      child.kill(signal);
      return at;
    },
    async kill() {
      // The distributed launcher reports its children's pids; they run in their own process groups.
      for (const match of text.matchAll(/pid (\d+)/g)) {
        try {
          process.kill(Number(match[1]), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls until `url` answers 200, failing early (with the output) if the process dies first. */
export async function waitForHttp(url: string, proc: SpawnedProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`process exited before ${url} answered:\n${proc.output().slice(-4000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
}

/** Resolves true when a new TCP connection to the port is refused, false when it is accepted. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

export interface HeldRequest {
  /** Sends the rest of the body; resolves with the response. */
  finish(): Promise<{ status: number; body: string }>;
  /** The response, whenever it comes (or the error that ended the request). */
  response: Promise<{ status: number; body: string }>;
  /** Aborts the request if still open and drops the client's keep-alive socket. */
  abort(): void;
}

/**
 * A GraphQL POST that is in flight on purpose: the headers and half the body are sent, the rest waits for
 * `finish()`. The server has accepted the request and is reading it, so a shutdown must wait for it, and
 * once finished the gateway still has to plan it and call the subgraphs. A keep-alive agent is used, like
 * a browser's, so the test also sees whether the socket outlives the response.
 */
export function holdGraphQLRequest(url: string, payload: unknown): HeldRequest {
  const body = Buffer.from(JSON.stringify(payload));
  const half = Math.floor(body.length / 2);
  const agent = new Agent({ keepAlive: true });
  const target = new URL(url);
  const req = request({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  // Marked handled: a test that expects the request to be cut off awaits it only after the process is gone.
  response.catch(() => undefined);
  req.write(body.subarray(0, half));
  return {
    response,
    finish() {
      req.end(body.subarray(half));
      return response;
    },
    abort() {
      req.destroy();
      agent.destroy();
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
