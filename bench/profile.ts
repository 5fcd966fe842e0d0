import { readFileSync } from 'node:fs';

/**
 * `pnpm bench --profile`: reads the V8 CPU profiles (bench/profile-hook.ts) and sums self time per function and per
 * group. A sample's time is the gap to the next sample (V8's `timeDeltas`); `(idle)` is left out, so percentages are
 * of the time the process was busy.
 *
 * Grouping, by the function's location (the path after the last `node_modules/` for a package, else the file in this
 * repository) and the first matching rule of GROUP_RULES, in order:
 * - JSON: the engine's `JSON.parse`/`JSON.stringify` (native, no url), the functions that only wrap them (V8 counts a
 *   builtin's time as its caller's: @apollo/server's prettyJSONStringify, fetch's parseJSONFromBytes, postgres.js's
 *   json type) and JSON serializer packages.
 * - row mapping: drizzle's row mappers (`mapResultRow`, `mapRelationalRow`, a column's `mapFromDriverValue`, and the
 *   drizzle functions they call) and the subgraphs' `mappers.ts` (database rows to GraphQL objects).
 * - database driver: postgres.js, the rest of drizzle (query building, sessions), @shop/db.
 * - authorization: graphql-shield, graphql-middleware (the per-field rule wrappers), jose (token checks), the subgraphs'
 *   `permissions.ts`, @shop/server's rules, identity, viewer, access-token and revocation code.
 * - HTTP: the gateway's subgraph fetcher (`RemoteGraphQLDataSource`, make-fetch-happen and its minipass/agent/cache
 *   helpers, undici), the gateway's subgraph-source and circuit breaker, @shop/server's http.ts, content negotiation
 *   (content-type, negotiator, raw-body, body-parser), Node's http internals.
 * - gateway planning/merging: @apollo/gateway (its executor merges the subgraphs' answers), @apollo/query-planner,
 *   @apollo/federation-internals, the rest of this repository's gateway/src (cost, limits, value completion).
 * - GraphQL execution: graphql-js, @apollo/server, @apollo/subgraph, @graphql-tools, dataloader, and the rest of the
 *   subgraphs', @shop/server's and @shop/core's code (resolvers, use cases, contexts, global ids, cursors).
 * - other: everything else (GC, `(program)`, tsx, pino, the bus, Node's own timers and promise queue).
 * A frame with no location of its own (an engine builtin such as `Array.prototype.map`, a `node:` internal other than
 * http) or in a general-purpose package (lru-cache) counts for the group of its nearest caller that has one (a socket
 * write by postgres.js is "database driver"); with none, it is HTTP for Node's net and stream internals (a socket's
 * read callback: it may be the database's socket too) and "other" for the rest.
 */
export type Group =
  | 'gateway planning/merging'
  | 'HTTP'
  | 'GraphQL execution'
  | 'authorization'
  | 'database driver'
  | 'row mapping'
  | 'JSON'
  | 'other';

export const GROUPS: Group[] = [
  'gateway planning/merging',
  'HTTP',
  'GraphQL execution',
  'authorization',
  'database driver',
  'row mapping',
  'JSON',
  'other',
];

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `…/node_modules/.pnpm/x/node_modules/graphql/execution/execute.js` → `graphql/execution/execute.js`; repo files relative. */
export function whereOf(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const repo = path.search(/\/(gateway|subgraphs|packages|bench|scripts)\//);
  return repo >= 0 ? path.slice(repo + 1) : path;
}

/**
 * Functions that wrap the engine's JSON.parse/JSON.stringify (`package:function`): V8 counts a builtin's time as
 * its caller's self time, so these functions' self time is JSON work.
 */
const JSON_FUNCTIONS = new Set(['@apollo/server:prettyJSONStringify', 'node:internal:parseJSONFromBytes']);
/** postgres.js's json type (`parse: x => JSON.parse(x)`, `serialize: x => JSON.stringify(x)`), by line (3.4.x). */
const isPostgresJson = (where: string, fn: string, line: number) =>
  where === 'postgres/cjs/src/types.js' && (fn === 'parse' || fn === 'serialize') && line >= 16 && line <= 22;

/** drizzle's row mappers: what they call inside drizzle (`is`, a column's decoder) is row mapping too. */
const DRIZZLE_MAPPERS = /^(mapResultRow|mapRelationalRow|mapFromDriverValue)$/;

type Rule = [Group, (where: string, functionName: string) => boolean];

const starts =
  (...prefixes: string[]) =>
  (where: string) =>
    prefixes.some((prefix) => where.startsWith(prefix));

/** The grouping rules (documented above), first match wins. `where` is whereOf(url). */
export const GROUP_RULES: Rule[] = [
  [
    'JSON',
    (where, fn) =>
      (where === '' && (fn === 'parse' || fn === 'stringify')) ||
      JSON_FUNCTIONS.has(`${where.split('/')[0]}:${fn}`) ||
      JSON_FUNCTIONS.has(`${where.split('/').slice(0, 2).join('/')}:${fn}`) ||
      /^(fast-json-stringify|safe-stable-stringify|fast-json-stable-stringify|json-stable-stringify|fast-safe-stringify)\//.test(
        where,
      ),
  ],
  [
    'row mapping',
    (where, fn) =>
      (where.startsWith('drizzle-orm/') && DRIZZLE_MAPPERS.test(fn)) ||
      /^subgraphs\/[^/]+\/src\/(.*\/)?mappers?(\.ts|\/)/.test(where),
  ],
  ['database driver', starts('postgres/', 'drizzle-orm/', 'packages/db/')],
  [
    'authorization',
    (where) =>
      starts('graphql-shield/', 'graphql-middleware/', 'jose/')(where) ||
      /^subgraphs\/[^/]+\/src\/permissions\.ts$/.test(where) ||
      /^packages\/server\/src\/(rules|identity|viewer|access-token|revocations|revocation-feed)\.ts$/.test(where),
  ],
  [
    'HTTP',
    (where) =>
      starts(
        '@apollo/gateway/dist/datasources/',
        'make-fetch-happen/',
        'minipass',
        '@npmcli/agent/',
        'agent-base/',
        'http-cache-semantics/',
        'cacache/',
        'ssri/',
        'undici/',
        'node-fetch/',
        'encoding/',
        'whatwg-url/',
        'gateway/src/subgraph-source.ts',
        'gateway/src/circuit-breaker.ts',
        'packages/server/src/http.ts',
        'packages/server/src/internal-routes.ts',
        'content-type/',
        'negotiator/',
        'raw-body/',
        'body-parser/',
        'node:_http',
        'node:http',
        'node:internal/http',
        'node:internal/deps/undici/',
      )(where),
  ],
  [
    'gateway planning/merging',
    starts('@apollo/gateway/', '@apollo/query-planner/', '@apollo/federation-internals/', 'gateway/src/'),
  ],
  [
    'GraphQL execution',
    starts(
      'graphql/',
      '@apollo/server/',
      '@apollo/subgraph/',
      '@graphql-tools/',
      '@apollo/utils',
      'dataloader/',
      'subgraphs/',
      'packages/server/',
      'packages/core/',
    ),
  ],
];

/** Frames that take their caller's group: engine builtins (no url) and Node internals not matched by a rule. */
const borrowsCallerGroup = (where: string) =>
  where === '' || where.startsWith('node:') || GENERAL_PURPOSE.some((prefix) => where.startsWith(prefix));
/** Packages used by several layers (make-fetch-happen's cache, the subgraphs' own caches): their caller decides. */
const GENERAL_PURPOSE = ['lru-cache/', 'tslib/'];
/** Socket and stream internals with no caller in any group (a socket's read callback): counted as HTTP. */
const isSocketIo = starts(
  'node:net',
  'node:internal/net',
  'node:stream',
  'node:internal/streams/',
  'node:internal/stream_base_commons',
);

function ownGroup(frame: Frame): Group | undefined {
  const where = whereOf(frame.url);
  if (isPostgresJson(where, frame.functionName, frame.lineNumber + 1)) return 'JSON';
  for (const [group, test] of GROUP_RULES) if (test(where, frame.functionName)) return group;
  return borrowsCallerGroup(where) ? undefined : 'other';
}

export interface FunctionTime {
  name: string;
  where: string;
  group: Group;
  ms: number;
}

export interface ProfileSummary {
  busyMs: number;
  /** Garbage collection (counted in "other"). */
  gcMs: number;
  /** drizzle's share of "database driver": building statements, its sessions (postgres.js is the rest). */
  drizzleBuildMs: number;
  groups: Record<Group, number>;
  functions: FunctionTime[];
}

export function summarize(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /** A drizzle frame called, through drizzle frames and builtins only, by one of drizzle's row mappers. */
  const insideDrizzleMapper = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      const where = whereOf(url);
      if (where !== '' && !where.startsWith('drizzle-orm/')) return false;
      if (where.startsWith('drizzle-orm/') && DRIZZLE_MAPPERS.test(functionName)) return true;
    }
    return false;
  };
  /** A sample's group, and whether drizzle (not postgres.js or @shop/db) decided it was the database driver's. */
  const groupCache = new Map<number, { group: Group; drizzle: boolean }>();
  const groupOf = (id: number): { group: Group; drizzle: boolean } => {
    const cached = groupCache.get(id);
    if (cached) return cached;
    let result = {
      group: (isSocketIo(whereOf(byId.get(id)!.callFrame.url)) ? 'HTTP' : 'other') as Group,
      drizzle: false,
    };
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const found = ownGroup(frame);
      if (found) {
        const group = found === 'database driver' && insideDrizzleMapper(at) ? 'row mapping' : found;
        result = { group, drizzle: group === 'database driver' && whereOf(frame.url).startsWith('drizzle-orm/') };
        break;
      }
    }
    groupCache.set(id, result);
    return result;
  };
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const groups = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<Group, number>;
  const functions = new Map<string, FunctionTime>();
  let busyUs = 0;
  let gcUs = 0;
  let drizzleUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    if (functionName === '(garbage collector)') gcUs += us;
    const { group, drizzle } = groupOf(id);
    groups[group] += us / 1000;
    if (drizzle) drizzleUs += us;
    const where = whereOf(url);
    const name = functionName || '(anonymous)';
    const key = `${name} ${where}:${lineNumber + 1} ${group}`;
    const entry = functions.get(key) ?? {
      name,
      where: where ? `${where}:${lineNumber + 1}` : '(native)',
      group,
      ms: 0,
    };
    entry.ms += us / 1000;
    functions.set(key, entry);
  }
  return {
    busyMs: busyUs / 1000,
    gcMs: gcUs / 1000,
    drizzleBuildMs: drizzleUs / 1000,
    groups,
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms),
  };
}

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1e-9)).toFixed(1)}%`;

/** One row per process: busy time and each group's share of it. */
export function groupRows(summaries: Record<string, ProfileSummary>): Record<string, string | number>[] {
  return Object.entries(summaries).map(([process, s]) => ({
    process,
    'busy ms': Math.round(s.busyMs),
    ...Object.fromEntries(GROUPS.map((g) => [g, percent(s.groups[g], s.busyMs)])),
    'GC (in other)': percent(s.gcMs, s.busyMs),
    'drizzle (in driver)': percent(s.drizzleBuildMs, s.busyMs),
  }));
}

/** The top functions of one process by self time. */
export function topRows(summary: ProfileSummary, top: number): Record<string, string | number>[] {
  return summary.functions.slice(0, top).map((f) => ({
    function: f.name.slice(0, 40),
    where: f.where.slice(-60),
    group: f.group,
    'self ms': Math.round(f.ms),
    share: percent(f.ms, summary.busyMs),
  }));
}
