import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

/**
 * The checkout bench's replay: the statements lone checkouts sent (captured by @shop/db's statement tap in the server
 * process), sent again straight to PostgreSQL with postgres.js, with no GraphQL, gateway, HTTP or bus in between.
 *
 * A checkout's statements are cut into units: a transaction (the statements one pool connection sent from `begin` to
 * `commit`/`rollback`) or a single statement outside one. A replayed checkout runs its units one after the other, in
 * the order they started, each transaction on one reserved connection as it was. What a checkout created (ids,
 * idempotency keys, order numbers: the values its INSERTs carried that no earlier statement had read) gets fresh
 * values in each replay, so the replay inserts new rows instead of failing on unique keys; the rows it reads and
 * updates (variants, stock) stay the same ones. The cart is renewed too (one checkout of a cart at a time), so a
 * replay's cart reads and updates find no row: a little less work than the real checkout did. Statements in the window that are not a checkout's own (an
 * idle supergraph's pollers) are replayed too: a few, and they make the replay slower, never faster.
 */
export interface CapturedStatement {
  schemaName: string;
  connection: number;
  query: string;
  parameters: unknown[];
  /** performance.now() of the server process when the statement was sent. */
  at: number;
}

interface Unit {
  /** `begin …` when a transaction, with its closing statement. */
  open?: string;
  close?: string;
  statements: { query: string; parameters: unknown[] }[];
}

export interface ReplayCheckout {
  units: Unit[];
  /** Statements sent, transaction control included. */
  statements: number;
  /** The values to renew in each replay. */
  fresh: Set<string>;
}

const isBegin = (query: string) => /^\s*(begin|start transaction)\b/i.test(query);
const isEnd = (query: string) => /^\s*(commit|rollback|end)\b/i.test(query) && !/^\s*rollback to/i.test(query);
// An insert, also inside a data-modifying CTE (`with … as (insert …)`, writeInOneStatement, the outbox emit).
const isInsert = (query: string) => /^\s*insert\b/i.test(query) || /^\s*with\b[\s\S]*\binsert\s+into\b/i.test(query);
/** The checkout's read of its cart (by id). */
const isCartRead = (query: string) => /^\s*select\b[\s\S]*\bfrom "orders"\."carts"/i.test(query);
/** Session-level statements of the pools (LISTEN for the outbox relays' wake-ups): not a checkout's work. */
const isSession = (query: string) => /^\s*(listen|unlisten)\b/i.test(query);

/** Text values an INSERT may have invented: UUIDs (ids, keys) and order numbers like "261126-7K3QX9". */
const INVENTED = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{6}-[0-9A-Z]{6})$/i;

function textValues(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) textValues(item, into);
}

/** Cuts statements into units: per pool connection, `begin` … `commit`, or one statement outside a transaction. */
function unitsOf(
  window: CapturedStatement[],
  onStatement: (statement: CapturedStatement) => void = () => undefined,
): Unit[] {
  const open = new Map<string, Unit>();
  const units: Unit[] = [];
  for (const statement of window) {
    onStatement(statement);
    const where = `${statement.schemaName}:${statement.connection}`;
    if (isBegin(statement.query)) {
      const unit: Unit = { open: statement.query, statements: [] };
      open.set(where, unit);
      units.push(unit);
    } else if (isEnd(statement.query) && open.has(where)) {
      open.get(where)!.close = statement.query;
      open.delete(where);
    } else if (open.has(where)) {
      open.get(where)!.statements.push({ query: statement.query, parameters: statement.parameters });
    } else {
      units.push({ statements: [{ query: statement.query, parameters: statement.parameters }] });
    }
  }
  return units;
}

const shapeOf = (unit: Unit): string =>
  [unit.open ?? '', ...unit.statements.map((s) => s.query), unit.close ?? ''].join('\n');

/**
 * The units an idle supergraph sends (outbox relays finding nothing, recovery sweeps), by their statements' text: in a
 * checkout's window the same units are the pollers' ticks, not the checkout's work, and are left out of its replay.
 */
export function pollerShapes(idle: CapturedStatement[]): Set<string> {
  return new Set(unitsOf(idle.filter((s) => !isSession(s.query))).map(shapeOf));
}

/** The captured statements of each lone checkout: those sent between its mark and the next one, pollers' ticks aside. */
export function segmentCheckouts(
  captured: CapturedStatement[],
  marks: number[],
  pollers: Set<string>,
): ReplayCheckout[] {
  const checkouts: ReplayCheckout[] = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const window = captured.filter((s) => s.at >= marks[i]! && s.at < marks[i + 1]! && !isSession(s.query));
    const seen = new Set<string>();
    const fresh = new Set<string>();
    const units = unitsOf(window, (statement) => {
      const values: string[] = [];
      textValues(statement.parameters, values);
      if (isInsert(statement.query)) {
        for (const value of values) if (INVENTED.test(value) && !seen.has(value)) fresh.add(value);
      }
      // One checkout of a cart runs at a time (a unique index on open sagas): each replay checks out a cart of its own.
      if (isCartRead(statement.query)) for (const value of values) if (INVENTED.test(value)) fresh.add(value);
      for (const value of values) seen.add(value);
    }).filter((unit) => !pollers.has(shapeOf(unit)));
    const statements = units.reduce((total, unit) => total + unit.statements.length + (unit.open ? 2 : 0), 0);
    checkouts.push({ units, statements, fresh });
  }
  return checkouts;
}

/**
 * The value a replay sends for a captured one: each invented value gets a fresh one (the same one throughout one
 * replayed checkout), also where it is part of a text (an idempotency key "checkout:<order id>:reserve", an advisory
 * lock's name, an event's JSON payload), so no two replays share a key or a lock the real checkouts did not share.
 */
function renew(value: unknown, fresh: Set<string>, renewed: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renew(item, fresh, renewed));
  if (typeof value !== 'string' || value.length < 13) return value;
  const replacement = (from: string): string => {
    let to = renewed.get(from);
    if (!to) {
      to = /^\d{6}-/.test(from)
        ? `${from.slice(0, 7)}${randomUUID().replaceAll('-', '').slice(0, 6).toUpperCase()}`
        : randomUUID();
      renewed.set(from, to);
    }
    return to;
  };
  if (fresh.has(value)) return replacement(value);
  let text = value;
  for (const from of fresh) if (text.includes(from)) text = text.replaceAll(from, replacement(from));
  return text;
}

export interface ReplayResult {
  checkouts: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  transactions: number;
  /** Statements PostgreSQL refused (a unique key the renewal missed, say): reported, never hidden. */
  errors: number;
  firstError?: string;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/** Replays `times` checkouts (round robin over the captured ones) with `connections` at once on a pool of `pool`. */
export async function replayCheckouts(
  url: string,
  checkouts: ReplayCheckout[],
  options: { times: number; connections: number; pool: number },
): Promise<ReplayResult> {
  const sql = postgres(url, { max: options.pool, onnotice: () => undefined });
  // As drizzle sets up postgres.js: json and jsonb parameters arrive already serialized (the tap saw text).
  const transparent = (value: unknown) => value;
  const serializers = sql.options.serializers as Record<string, (value: unknown) => unknown>;
  serializers['114'] = transparent;
  serializers['3802'] = transparent;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const failed = (error: unknown) => {
    errors++;
    firstError ??= (error as Error).message;
  };
  const params = (parameters: unknown[], fresh: Set<string>, renewed: Map<string, string>) =>
    parameters.map((p) => renew(p, fresh, renewed)) as postgres.ParameterOrJSON<never>[];
  const replayOne = async (checkout: ReplayCheckout) => {
    const renewed = new Map<string, string>();
    for (const unit of checkout.units) {
      if (!unit.open) {
        const [statement] = unit.statements;
        await sql.unsafe(statement!.query, params(statement!.parameters, checkout.fresh, renewed)).catch(failed);
        continue;
      }
      const connection = await sql.reserve();
      try {
        await connection.unsafe(unit.open);
        let broken = false;
        for (const statement of unit.statements) {
          if (broken) break;
          await connection
            .unsafe(statement.query, params(statement.parameters, checkout.fresh, renewed))
            .catch((error: unknown) => {
              failed(error);
              broken = true;
            });
        }
        await connection.unsafe(broken ? 'rollback' : (unit.close ?? 'commit'));
      } finally {
        connection.release();
      }
    }
  };
  try {
    // Warm the pool's connections and prepared statements, as the supergraph's are after its lone checkouts.
    await replayOne(checkouts[0]!);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (next < options.times) {
          const checkout = checkouts[next++ % checkouts.length]!;
          const sent = performance.now();
          await replayOne(checkout);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      checkouts: options.times,
      seconds,
      perSecond: options.times / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      transactions: checkouts[0]!.units.filter((unit) => unit.open).length,
      errors,
      ...(firstError ? { firstError } : {}),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
