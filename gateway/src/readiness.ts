import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@shop/server';
import type { CircuitSnapshot, CircuitState } from './circuit-breaker';

/** One subgraph as the gateway's /readyz sees it. Fixed words only: no URLs, hosts or error text. */
export interface SubgraphProbe {
  status: 'ready' | 'not ready' | 'unreachable' | 'timeout';
  /** The subgraph's own checks (server, database, bus) when it answered. */
  checks?: Record<string, string>;
  circuit: CircuitState;
  latencyMs: number;
}

export interface GatewayReadiness {
  status: 'ready' | 'not ready';
  subgraphs: Record<string, SubgraphProbe>;
}

export interface ReadinessOptions {
  /** Subgraph name → GraphQL URL; each subgraph's /readyz sits beside its GraphQL path. */
  subgraphUrls: Record<string, string>;
  circuitOf(name: string): CircuitSnapshot | undefined;
  /** A probe without an answer by then counts as `timeout` (default 2000 ms). */
  probeTimeoutMs?: number;
  /** Probe results are reused this long, so a burst of /readyz calls costs one probe per subgraph (default 2000 ms). */
  cacheMs?: number;
}

const CHECK_WORD = /^[a-z -]{1,20}$/;

/** `http://host:4003/graphql` → `http://host:4003/readyz`; `https://host/reviews/graphql` → `https://host/reviews/readyz`. */
export const readyzUrlOf = (graphqlUrl: string): string => new URL('readyz', graphqlUrl).toString();

/** Keeps only what the subgraph's /readyz documents, so nothing else it might say is re-published here. */
function checksOf(body: unknown): Record<string, string> | undefined {
  const checks = typeof body === 'object' && body !== null ? (body as { checks?: unknown }).checks : undefined;
  if (typeof checks !== 'object' || checks === null) return undefined;
  const kept = Object.entries(checks).filter(
    (e): e is [string, string] => CHECK_WORD.test(e[0]) && typeof e[1] === 'string' && CHECK_WORD.test(e[1]),
  );
  return kept.length ? Object.fromEntries(kept) : undefined;
}

async function probe(name: string, url: string, options: ReadinessOptions): Promise<SubgraphProbe> {
  const started = Date.now();
  const circuit = options.circuitOf(name)?.state ?? 'closed';
  const timeoutMs = options.probeTimeoutMs ?? 2000;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(readyzUrlOf(url), { signal });
    const body: unknown = await response.json().catch(() => undefined);
    const checks = checksOf(body);
    // An open circuit means GraphQL calls fail even if /readyz answers (a hung resolver pool, say): not ready.
    const ready = response.status === 200 && circuit !== 'open';
    return {
      status: ready ? 'ready' : 'not ready',
      ...(checks ? { checks } : {}),
      circuit,
      latencyMs: Date.now() - started,
    };
  } catch {
    return { status: signal.aborted ? 'timeout' : 'unreachable', circuit, latencyMs: Date.now() - started };
  }
}

/**
 * The gateway is ready when every subgraph it routes to is: a subgraph that is down means part of every listing is
 * null, which an orchestrator should know about. Probes run in parallel with a deadline, and their result is cached
 * briefly, so /readyz never hangs and never floods the subgraphs.
 */
export function createReadiness(options: ReadinessOptions) {
  let cached: { at: number; result: Promise<GatewayReadiness> } | undefined;

  async function probeAll(): Promise<GatewayReadiness> {
    const entries = await Promise.all(
      Object.entries(options.subgraphUrls).map(async ([name, url]) => [name, await probe(name, url, options)] as const),
    );
    const subgraphs = Object.fromEntries(entries);
    return { status: entries.every(([, p]) => p.status === 'ready') ? 'ready' : 'not ready', subgraphs };
  }

  function check(): Promise<GatewayReadiness> {
    if (!cached || Date.now() - cached.at > (options.cacheMs ?? 2000)) cached = { at: Date.now(), result: probeAll() };
    return cached.result;
  }

  return {
    check,
    route: async (_req: IncomingMessage, res: ServerResponse) => {
      const readiness = await check();
      res.setHeader('cache-control', 'no-store');
      sendJson(res, readiness.status === 'ready' ? 200 : 503, readiness);
    },
  };
}
