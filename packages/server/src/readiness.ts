import type { Logger } from '@shop/core';
import { ping, type Database } from '@shop/db';
import type { Bus, BusConnectionState } from '@shop/bus';
import { sendJson, type Route } from './http';

/** A subgraph's readiness, as its /readyz reports it. Fixed words only: no error text, addresses or SQL. */
export interface SubgraphReadiness {
  status: 'ready' | 'not ready';
  checks: {
    /** `starting` until migrations, relay and seeding are done (and again while stopping). */
    server: 'ok' | 'starting';
    database: 'ok' | 'failing' | 'timeout';
    bus: 'ok' | BusConnectionState;
  };
}

export interface ReadinessDeps {
  database: Database;
  bus: Bus;
  logger: Logger;
  started(): boolean;
  /** A database that does not answer `select 1` within this is reported as `timeout` (default 2000 ms). */
  databaseTimeoutMs?: number;
}

async function databaseCheck(deps: ReadinessDeps): Promise<SubgraphReadiness['checks']['database']> {
  const timeoutMs = deps.databaseTimeoutMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    // A hung database must not hang the probe: whoever asks (an orchestrator, the gateway) has its own deadline.
    return await Promise.race([ping(deps.database).then(() => 'ok' as const), timedOut]);
  } catch (error) {
    deps.logger.warn({ err: error }, 'readiness: database ping failed');
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}

/** Ready when started, the database answers and the bus is connected (events and commands both need it). */
export async function checkSubgraphReadiness(deps: ReadinessDeps): Promise<SubgraphReadiness> {
  const bus = deps.bus.health();
  const checks: SubgraphReadiness['checks'] = {
    server: deps.started() ? 'ok' : 'starting',
    database: await databaseCheck(deps),
    bus: bus.ok ? 'ok' : bus.state,
  };
  const ready = checks.server === 'ok' && checks.database === 'ok' && checks.bus === 'ok';
  return { status: ready ? 'ready' : 'not ready', checks };
}

export function readinessRoute(deps: ReadinessDeps): Route {
  return async (_req, res) => {
    const readiness = await checkSubgraphReadiness(deps);
    sendJson(res, readiness.status === 'ready' ? 200 : 503, readiness);
  };
}
