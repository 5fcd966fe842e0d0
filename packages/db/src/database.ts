import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '@shop/core';

/** The drizzle database both drivers implement; stores and use cases take this (or a transaction). */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;
/** A transaction handle, as passed to `db.transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool or an open transaction: stores accept both. */
export type Executor = Db | Tx;

export interface StatementStats {
  /** Statements sent through drizzle since start (or the last reset); used by tests and `/metrics`. */
  statements: number;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** The Postgres schema this subgraph owns. */
  readonly schemaName: string;
  readonly db: Db;
  readonly stats: StatementStats;
  /** Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Applies the drizzle-kit migrations of `folder`, serialised across replicas by an advisory lock. */
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  schemaName: string;
  logger: Logger;
  maxConnections?: number;
  connectAttempts?: number;
}

/** One statement as this process sent it to PostgreSQL (transaction control included), for a benchmark's replay. */
export interface TappedStatement {
  /** The Postgres schema (so the subgraph) whose pool sent it. */
  schemaName: string;
  /** postgres.js's connection number within that pool: statements between `begin` and `commit` share one. */
  connection: number;
  query: string;
  parameters: unknown[];
}

/**
 * The statement tap: off unless `enableStatementTap()` ran before a pool was created, and then a pool hands every
 * statement to the current sink (if any). Only `pnpm bench checkout` turns it on, to replay one checkout's SQL
 * straight to PostgreSQL; a pool created while it is off never pays for it (postgres.js's `debug` hook stays unset).
 */
let tapEnabled = false;
let tapSink: ((statement: TappedStatement) => void) | undefined;

/** Makes pools created from now on report their statements to `setStatementSink`'s sink. Benchmarks only. */
export function enableStatementTap(): void {
  tapEnabled = true;
}

/** Where tapped statements go (undefined: dropped). */
export function setStatementSink(sink: ((statement: TappedStatement) => void) | undefined): void {
  tapSink = sink;
}

function statementCounter(stats: StatementStats) {
  return { logQuery: () => void stats.statements++ };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for PostgreSQL with exponential backoff (0.25 s doubling to 5 s). After the last attempt it throws an
 * error that names the host, not the password.
 */
async function waitForPostgres(client: postgres.Sql, url: string, attempts: number, logger: Logger): Promise<void> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await client`select 1`;
      return;
    } catch (error) {
      const where = safeUrl(url);
      if (attempt >= attempts) {
        throw new Error(
          `PostgreSQL at ${where} is not reachable after ${attempts} attempts: ${(error as Error).message}`,
          { cause: error },
        );
      }
      logger.warn({ attempt, where, err: (error as Error).message }, 'database not ready, retrying');
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}

export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export async function connectPostgres(options: PostgresOptions): Promise<Database> {
  const { url, schemaName, logger } = options;
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => undefined,
    // bigint columns come back as JS bigint, so minor-unit amounts never pass through a float.
    types: { bigint: postgres.BigInt },
    connection: { application_name: `shop-${schemaName}` },
    ...(tapEnabled
      ? {
          debug: (connection: number, query: string, parameters: unknown[]) =>
            tapSink?.({ schemaName, connection, query, parameters }),
        }
      : {}),
  });
  await waitForPostgres(client, url, options.connectAttempts ?? 10, logger);
  const stats: StatementStats = { statements: 0 };
  const db = drizzlePostgres(client, { logger: statementCounter(stats) }) as unknown as Db;
  return {
    kind: 'postgres',
    schemaName,
    db,
    stats,
    async listen(channel, onNotify) {
      const listening = await client.listen(channel, onNotify);
      return () => listening.unlisten();
    },
    async migrate(folder) {
      // A dedicated connection holds the advisory lock so two replicas never migrate at once.
      const lockClient = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await lockClient`select pg_advisory_lock(hashtext(${`migrate:${schemaName}`}))`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: folder, migrationsSchema: schemaName });
        await lockClient`select pg_advisory_unlock(hashtext(${`migrate:${schemaName}`}))`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** The schema whose PGlite transaction the current async context runs in, if any. */
const pgliteTransactions = new AsyncLocalStorage<string>();

/**
 * The subgraph (schema) whose embedded PGlite transaction is open in this async context, or undefined. PGlite is
 * one connection shared by every subgraph: another subgraph asked to do anything from inside that transaction
 * waits for it forever (until the caller times out). The bus refuses such a call at once with this name.
 */
export const openPgliteTransaction = (): string | undefined => pgliteTransactions.getStore();

/**
 * The embedded runtime: every subgraph shares one PGlite instance (one database, one schema each) and gets
 * its own drizzle handle and statement counter.
 */
export function attachPglite(pg: PGlite, schemaName: string): Database {
  const stats: StatementStats = { statements: 0 };
  const db = drizzlePglite(pg, { logger: statementCounter(stats) }) as unknown as Db;
  const transaction = db.transaction.bind(db);
  // Marks the async context of every transaction (see openPgliteTransaction).
  db.transaction = (work, config) => pgliteTransactions.run(schemaName, () => transaction(work, config));
  return {
    kind: 'pglite',
    schemaName,
    db,
    stats,
    async listen(channel, onNotify) {
      return pg.listen(channel, onNotify);
    },
    async migrate(folder) {
      await migratePglite(drizzlePglite(pg), { migrationsFolder: folder, migrationsSchema: schemaName });
    },
    async close() {
      // The PGlite instance is owned by the embedded runtime and closed once, after every subgraph.
    },
  };
}

export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  return pg;
}

/** Runs `select 1` to prove the connection is usable (readiness probe). */
export async function ping(database: Database): Promise<void> {
  await database.db.execute(sql`select 1`);
}
