import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, type DefinitionNode } from 'graphql';
import {
  eventCatalogEntry,
  knownPermissionEntry,
  subgraphFiles,
  subgraphNames,
  type SubgraphNames,
} from './templates/subgraph';

/**
 * `pnpm new:subgraph <name>`: writes a new subgraph in the one shape (scripts/templates/subgraph.ts), registers it
 * where the repository lists subgraphs, and regenerates what is derived from it, so that `pnpm check && pnpm test`
 * pass at once:
 * - schema/<name>.graphql and subgraphs/<name>/ (service, context, permissions, resolvers, domain, db, events,
 *   commands, seed, a test), test/support/authorization/<name>.ts (the authorization matrix's rows);
 * - packages/topology (next free port), packages/events (the event its mutation emits), auth's grantable staff
 *   permissions (`<name>:write`);
 * - then formats what it wrote (prettier, when installed), runs `pnpm install --offline` (the new workspace package),
 *   `pnpm topology`, `pnpm codegen` for it, its first migration (drizzle-kit) and `pnpm compose`.
 * A name that is not lowercase letters, is taken or reserved, or whose GraphQL names clash with the supergraph's,
 * is refused before anything is written.
 */

const ROOT = resolve(__dirname, '..');
const at = (path: string): string => join(ROOT, path);

const TOPOLOGY = 'packages/topology/src/index.ts';
const EVENT_CATALOG = 'packages/events/src/catalog.ts';
const KNOWN_PERMISSIONS = 'subgraphs/auth/src/domain/known-permissions.ts';

/**
 * Names that would collide with something that is not a subgraph: workspace packages and folders, docker-compose
 * services and their environment variables (`<NAME>_URL`, `<NAME>_DATABASE_URL`), the platform-owned `node`
 * subgraph, PostgreSQL's own schemas, and GraphQL's root operation names.
 */
const RESERVED = new Set([
  'gateway',
  'supergraph',
  'node',
  'nodes',
  'schema',
  'schemas',
  'packages',
  'subgraphs',
  'scripts',
  'bench',
  'test',
  'tests',
  'core',
  'db',
  'bus',
  'events',
  'runtime',
  'server',
  'testing',
  'topology',
  'shop',
  'postgres',
  'postgresql',
  'nats',
  'database',
  'public',
  'information',
  'pg',
  'system',
  'internal',
  'query',
  'mutation',
  'subscription',
]);

export class ScaffoldError extends Error {}

const read = (path: string): string => readFileSync(at(path), 'utf8');

function existingSubgraphs(): string[] {
  const dirs = readdirSync(at('subgraphs'));
  const schemas = readdirSync(at('schema'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.replace(/\.graphql$/, ''));
  const topology = [...read(TOPOLOGY).matchAll(/name: '([^']+)'/g)].map((m) => m[1]!);
  return [...new Set([...dirs, ...schemas, ...topology])];
}

/** Type and root field names every subgraph's SDL defines (the new ones must not clash, or composition fails). */
function existingGraphqlNames(): { types: Set<string>; rootFields: Set<string> } {
  const types = new Set<string>();
  const rootFields = new Set<string>();
  for (const file of readdirSync(at('schema')).filter((f) => f.endsWith('.graphql') && f !== 'supergraph.graphql')) {
    for (const definition of parse(read(join('schema', file))).definitions as DefinitionNode[]) {
      if (!('name' in definition) || !definition.name) continue;
      const name = definition.name.value;
      if ((name === 'Query' || name === 'Mutation') && 'fields' in definition) {
        for (const field of definition.fields ?? []) rootFields.add(field.name.value);
      } else {
        types.add(name);
      }
    }
  }
  return { types, rootFields };
}

/** Refuses a bad name with a message saying why; returns the derived names of a good one. */
export function validateName(name: string | undefined): SubgraphNames {
  if (!name)
    throw new ScaffoldError('Usage: pnpm new:subgraph <name>   (lowercase letters, e.g. `pnpm new:subgraph wishlist`)');
  if (!/^[a-z]+$/.test(name))
    throw new ScaffoldError(`"${name}" is not a subgraph name: use lowercase letters only (a-z), e.g. "wishlist".`);
  if (name.length < 2 || name.length > 30)
    throw new ScaffoldError(`"${name}" is not a subgraph name: use 2 to 30 letters.`);
  if (RESERVED.has(name))
    throw new ScaffoldError(
      `"${name}" is reserved (a package, service, variable or schema of that name exists): choose another name.`,
    );
  if (existingSubgraphs().includes(name))
    throw new ScaffoldError(`A subgraph named "${name}" already exists (subgraphs/, schema/ or packages/topology).`);
  const n = subgraphNames(name);
  const { types, rootFields } = existingGraphqlNames();
  const newTypes = [
    n.Item,
    `${n.Item}Connection`,
    `${n.Item}Edge`,
    `${n.Item}CreateInput`,
    `${n.Item}CreatePayload`,
    `${n.Name}ErrorCode`,
    `${n.Name}UserError`,
  ];
  const clashes = [...newTypes.filter((t) => types.has(t)), ...[n.items, n.create].filter((f) => rootFields.has(f))];
  if (clashes.length > 0)
    throw new ScaffoldError(
      `"${name}" would define GraphQL names another subgraph already has: ${clashes.join(', ')}. Choose another name.`,
    );
  if (read(EVENT_CATALOG).includes(`'${n.event}'`))
    throw new ScaffoldError(`The event ${n.event} already exists in ${EVENT_CATALOG}.`);
  if (read(KNOWN_PERMISSIONS).includes(`'${n.permission}'`))
    throw new ScaffoldError(`The permission ${n.permission} already exists in ${KNOWN_PERMISSIONS}.`);
  return n;
}

/** One edit of a registry file: where the new line goes. Checked before anything is written. */
interface Insertion {
  file: string;
  /** The text the new lines go before (its first occurrence after `after`, when given). */
  before: RegExp;
  text: string;
}

function nextFreePort(): number {
  const source = read(TOPOLOGY);
  const ports = [...source.matchAll(/port: (\d+)/g)].map((m) => Number(m[1]));
  const gateway = Number(/GATEWAY_PORT = (\d+)/.exec(source)?.[1] ?? 4000);
  let port = Math.max(gateway, ...ports) + 1;
  while (ports.includes(port) || port === gateway) port++;
  return port;
}

function insertions(n: SubgraphNames, port: number): Insertion[] {
  return [
    {
      file: TOPOLOGY,
      // The end of the `subgraphs` array.
      before: /(?<=export const subgraphs: readonly SubgraphService\[\] = \[[\s\S]*?\n)\];/,
      text: `  { name: '${n.name}', port: ${port}, packageDir: 'subgraphs/${n.name}' },\n`,
    },
    { file: EVENT_CATALOG, before: /(?<=\n)} as const;/, text: eventCatalogEntry(n) },
    { file: KNOWN_PERMISSIONS, before: /(?<=\n)\s*\{ name: SUPER_ADMIN/, text: knownPermissionEntry(n) },
  ];
}

function applyInsertion(insertion: Insertion, write: boolean): void {
  const source = read(insertion.file);
  const match = insertion.before.exec(source);
  if (!match)
    throw new ScaffoldError(
      `${insertion.file} no longer has the place the scaffolder adds to (${insertion.before}): update scripts/new-subgraph.ts.`,
    );
  if (write)
    writeFileSync(at(insertion.file), source.slice(0, match.index) + insertion.text + source.slice(match.index));
}

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  process.stdout.write(`new:subgraph: ${title} ... `);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status === 0) {
    console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    return true;
  }
  console.log('FAILED');
  console.error(result.stdout, result.stderr);
  return false;
}

/** Writes the subgraph and regenerates what derives from it. Returns the files written. */
export function scaffold(name: string | undefined): string[] {
  const n = validateName(name);
  const port = nextFreePort();
  const files = subgraphFiles(n);
  const existing = Object.keys(files).filter((path) => existsSync(at(path)));
  if (existing.length > 0)
    throw new ScaffoldError(`These files already exist: ${existing.join(', ')}. Nothing was written.`);
  const edits = insertions(n, port);
  for (const edit of edits) applyInsertion(edit, false);

  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(at(path)), { recursive: true });
    writeFileSync(at(path), content);
  }
  for (const edit of edits) applyInsertion(edit, true);
  console.log(
    `new:subgraph: wrote ${Object.keys(files).length} files for "${n.name}" (port ${port}) and registered it in ${edits.map((e) => e.file).join(', ')}`,
  );
  // Formatted as `pnpm format` would, so `pnpm check`'s format step passes (once the repository has Prettier).
  const written = [...Object.keys(files), ...edits.map((edit) => edit.file)];
  if (
    existsSync(at('node_modules/.bin/prettier')) &&
    !run('formatting (prettier)', 'pnpm', ['exec', 'prettier', '--write', '--log-level', 'warn', ...written])
  ) {
    throw new ScaffoldError('The files are written but prettier failed on them (output above).');
  }

  // The new package's dependencies are all in the store already; without cached registry metadata `--offline` cannot
  // resolve them, and `--prefer-offline` asks the registry only for that metadata.
  const install = (mode: string) =>
    run(`pnpm install ${mode} (links the new workspace package)`, 'pnpm', [
      'install',
      mode,
      '--frozen-lockfile=false',
      '--reporter=silent',
    ]);
  if (!install('--offline') && !install('--prefer-offline')) {
    throw new ScaffoldError(
      'The files are written but `pnpm install` failed (output above): fix it, then run `pnpm install`, `pnpm topology`, `pnpm codegen`, `pnpm migrations` and `pnpm compose`.',
    );
  }
  const steps: [string, string, string[], NodeJS.ProcessEnv?][] = [
    ['docker-compose.yml (pnpm topology)', 'pnpm', ['exec', 'tsx', 'scripts/topology-render.ts']],
    [
      'resolver types and error codes (pnpm codegen)',
      'pnpm',
      ['exec', 'graphql-codegen', '--config', 'codegen.ts'],
      { CODEGEN_ONLY: n.name },
    ],
    [
      'first migration (drizzle-kit)',
      'pnpm',
      [
        'exec',
        'drizzle-kit',
        'generate',
        '--dialect',
        'postgresql',
        '--schema',
        `subgraphs/${n.name}/src/db/schema.ts`,
        '--out',
        `subgraphs/${n.name}/drizzle`,
        '--name',
        `${n.name}_init`,
      ],
    ],
    ['schema/supergraph.graphql (pnpm compose)', 'pnpm', ['exec', 'tsx', 'scripts/compose.ts']],
  ];
  for (const [title, command, args, env] of steps) {
    if (!run(title, command, args, env)) {
      throw new ScaffoldError(
        `The files are written but "${title}" failed (output above): fix it and run the remaining steps of this list by hand.`,
      );
    }
  }
  return Object.keys(files);
}

if (require.main === module) {
  try {
    scaffold(process.argv.slice(2).find((arg) => !arg.startsWith('-')));
    const n = subgraphNames(process.argv.slice(2).find((arg) => !arg.startsWith('-'))!);
    console.log(`
Done. Next:
  1. Run its test: NODE_OPTIONS=--experimental-vm-modules pnpm exec jest subgraphs/${n.name}
  2. Make it yours: edit schema/${n.name}.graphql, then \`pnpm codegen\`, the resolvers, domain/ and db/schema.ts,
     then \`pnpm migrations\` (and delete or rename the example ${n.Item} while nothing depends on it).
  3. Keep test/support/authorization/${n.name}.ts in step with the root fields, and \`pnpm compose\` after SDL changes.
  4. \`pnpm check && pnpm test\`, then commit, pnpm-lock.yaml included.`);
  } catch (error) {
    console.error(error instanceof ScaffoldError ? `new:subgraph: ${error.message}` : error);
    process.exit(1);
  }
}
