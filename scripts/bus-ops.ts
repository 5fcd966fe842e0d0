import { z } from 'zod';
import { ConfigError, env, parseEnv, safeErrorText, type Logger } from '@shop/core';
import { connectPostgres, safeUrl, sql } from '@shop/db';
import { busConnectionFromEnv, busEnvShape, busTablesOf, safeNatsUrl, type BusNaming, type BusSchema } from '@shop/bus';
import { eventCatalog, isKnownEventType } from '@shop/events';
import { databaseUrlVariable, subgraphs } from '@shop/topology';

/**
 * What `pnpm bus:status` and `pnpm bus:replay` share: the same environment as the distributed processes
 * (NATS_URL, EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, DATABASE_URL or <NAME>_DATABASE_URL per subgraph), so an operator
 * runs them with the environment of the deployment they inspect.
 */

/** A refusal the operator must fix (unknown name, nothing configured): exit code 2, one clear line. */
export class UsageError extends Error {}

export interface BusOpsConfig {
  natsUrl: string;
  naming: BusNaming;
  /** Subgraph → database URL, for the subgraphs that have one configured. */
  databases: Map<string, string>;
}

export function busOpsConfig(source: NodeJS.ProcessEnv = process.env): BusOpsConfig {
  const urlShape: Record<string, z.ZodOptional<z.ZodType<string>>> = Object.fromEntries<
    z.ZodOptional<z.ZodType<string>>
  >([
    ['DATABASE_URL', env.url(['postgres', 'postgresql']).optional()],
    ...subgraphs.map((s) => [databaseUrlVariable(s.name), env.url(['postgres', 'postgresql']).optional()] as const),
  ]);
  const urls = parseEnv(urlShape, source);
  const config = parseEnv(busEnvShape, source);
  const databases = new Map<string, string>();
  for (const s of subgraphs) {
    const url = urls[databaseUrlVariable(s.name)] ?? urls.DATABASE_URL;
    if (url) databases.set(s.name, url);
  }
  return {
    natsUrl: config.NATS_URL,
    naming: busConnectionFromEnv(config).naming,
    databases,
  };
}

export const isSubgraph = (name: string): boolean => subgraphs.some((s) => s.name === name);

/** The producers of the given event types (their `source` in the event catalogue), in topology order. */
export function producersOf(types: readonly string[]): string[] {
  const sources = new Set(types.filter(isKnownEventType).map((type) => eventCatalog[type].source as string));
  return subgraphs.map((s) => s.name).filter((name) => sources.has(name));
}

/** Opens each subgraph's schema at most once; `close()` ends every pool. */
export function schemaPool(config: BusOpsConfig, logger: Logger) {
  const open = new Map<string, Promise<BusSchema>>();
  return {
    where: (name: string): string => {
      const url = config.databases.get(name);
      return url ? safeUrl(url) : '(none)';
    },
    get(name: string): Promise<BusSchema> {
      const url = config.databases.get(name);
      if (!url)
        return Promise.reject(
          new UsageError(`no database configured for ${name}: set DATABASE_URL or ${databaseUrlVariable(name)}`),
        );
      let schema = open.get(name);
      if (!schema) {
        schema = connectPostgres({ url, schemaName: name, logger, maxConnections: 2, connectAttempts: 2 }).then(
          (database) => ({
            name,
            database,
            tables: busTablesOf(name),
          }),
        );
        open.set(name, schema);
      }
      return schema;
    },
    async close(): Promise<void> {
      await Promise.allSettled([...open.values()].map(async (s) => (await s).database.close()));
    },
  };
}

/** `--name value` from argv; a flag given without its value is a usage error. */
export function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

export const flag = (args: readonly string[], name: string): boolean => args.includes(`--${name}`);

/** Refuses options the command does not know, so a typo (`--dryrun`) never runs a real replay. */
export function rejectUnknown(args: readonly string[], known: { options: string[]; flags: string[] }): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') continue;
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && known.flags.includes(name)) continue;
    if (name !== null && known.options.includes(name)) {
      i++;
      continue;
    }
    throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
}

export function seconds(args: readonly string[], name: string, fallback: number): number {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number of seconds`);
  return value;
}

export const describeNats = (config: BusOpsConfig): string => safeNatsUrl(config.natsUrl);

/** Exit codes: 0 fine, 1 problems found (or a check failed), 2 refused (usage or configuration). */
export function exitCodeFor(error: unknown): number {
  return error instanceof UsageError || error instanceof ConfigError || missingTables(error) ? 2 : 1;
}

export const ago = (ms: number | null): string => {
  if (ms === null) return '-';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 48 * 3600_000) return `${(ms / 3600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
};

/** Left-aligned columns, for the human-readable output. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** Exits once stdout has taken everything (a pipe may be asynchronous, and a probe must read the whole report). */
export function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

/** Error text for the report; a missing table (SQLSTATE 42P01) is a subgraph that never applied its migrations here. */
export function checkError(error: unknown): string {
  if (missingTables(error))
    return 'its bus tables do not exist in this database (the subgraph has not run its migrations here yet)';
  return safeErrorText(error);
}

function missingTables(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if ((e as { code?: unknown }).code === '42P01') return true;
  }
  return false;
}

/**
 * Whether the subgraph's schema exists in its database. With one DATABASE_URL for every subgraph, a subgraph that
 * is not deployed (or has never started) there simply has no schema: nothing to check, nothing lost.
 */
export async function schemaExists(schema: BusSchema): Promise<boolean> {
  const result: unknown = await schema.database.db.execute(
    sql`select 1 from pg_namespace where nspname = ${schema.name}`,
  );
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  return rows.length > 0;
}
