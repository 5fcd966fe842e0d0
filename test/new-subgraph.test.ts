import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { subgraphs } from '@shop/topology';
import { validateName } from '../scripts/new-subgraph';

/**
 * `pnpm new:subgraph <name>`, run for real: the repository (its git files) is copied into a temporary folder and
 * installed offline from the pnpm store, the scaffolder writes `giftcards` there, and the result must compose with no
 * errors and no hints, leave every derived file current, type-check, and pass its own generated test against the
 * real PostgreSQL and NATS. The copy is removed afterwards; the repository itself is never touched.
 */
const ROOT = join(__dirname, '..');
// A subgraph the project may add one day; not a name any existing type or subgraph uses.
const NAME = 'giftcards';
let copy: string;

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function expectOk(result: Run): void {
  // The output is in the failure message: a failed step says why.
  expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({
    status: 0,
    output: '',
  });
}

/** Every file of the copy outside node_modules, with its size and modification time: "nothing written" is this unchanged. */
function tree(dir = copy, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return tree(path, `${prefix}${entry.name}/`);
      const stat = statSync(path);
      return [`${prefix}${entry.name} ${stat.size} ${stat.mtimeMs}`];
    })
    .sort();
}

beforeAll(() => {
  const started = Date.now();
  copy = mkdtempSync(join(tmpdir(), 'new-subgraph-'));
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.split('\0');
  for (const file of files.filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }
  // Everything the lockfile names is in the store already (this repository was installed): no network needed.
  let install = run('pnpm', ['install', '--offline', '--frozen-lockfile', '--reporter=silent']);
  if (install.status !== 0)
    install = run('pnpm', ['install', '--prefer-offline', '--frozen-lockfile', '--reporter=silent']);
  expectOk(install);
  console.log(`new-subgraph test: copied and installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('pnpm new:subgraph', () => {
  it.each([
    ['', 'Usage'],
    ['Wishlist', 'lowercase letters only'],
    ['wish-list', 'lowercase letters only'],
    ['wish2', 'lowercase letters only'],
    ['w', '2 to 30 letters'],
    ['reviews', 'already exists'],
    ['gateway', 'reserved'],
    ['node', 'reserved'],
    ['query', 'reserved'],
  ])('refuses the name "%s" (%s)', (name, why) => {
    expect(() => validateName(name || undefined)).toThrow(why);
  });

  it('refuses a name whose GraphQL names another subgraph already defines', () => {
    // products defines ProductUserError and ProductErrorCode; `product` would define them again.
    expect(() => validateName('product')).toThrow(
      /would define GraphQL names another subgraph already has: .*ProductErrorCode/,
    );
  });

  it('writes nothing for a bad name, and says why', () => {
    const before = tree();
    const result = run('pnpm', ['exec', 'tsx', 'scripts/new-subgraph.ts', 'Wish-List']);
    expect(result.status).toBe(1);
    expect(result.output).toContain('use lowercase letters only');
    expect(tree()).toEqual(before);
  }, 60_000);

  it('writes a subgraph that composes with no hints, keeps every derived file current, type-checks and passes its own test', () => {
    const timings: Record<string, number> = {};
    const timed = (label: string, work: () => void) => {
      const started = Date.now();
      work();
      timings[label] = Math.round((Date.now() - started) / 100) / 10;
    };

    timed('scaffold', () => expectOk(run('pnpm', ['exec', 'tsx', 'scripts/new-subgraph.ts', NAME])));
    for (const file of [
      'schema/giftcards.graphql',
      'subgraphs/giftcards/src/service.ts',
      'subgraphs/giftcards/drizzle/0000_giftcards_init.sql',
      'test/support/authorization/giftcards.ts',
    ]) {
      expect(existsSync(join(copy, file))).toBe(true);
    }
    const supergraph = readFileSync(join(copy, 'schema/supergraph.graphql'), 'utf8');
    expect(supergraph).toContain('giftcardsItemCreate(');
    expect(supergraph).toMatch(/GIFTCARDS @join__graph\(name: "giftcards"/);
    // node(id:) can refetch the new entity: the generated node subgraph lists it.
    expect(readFileSync(join(copy, 'schema/node.graphql'), 'utf8')).toContain(
      'type GiftcardsItem implements Node @key(fields: "id")',
    );
    expect(readFileSync(join(copy, 'packages/topology/src/index.ts'), 'utf8')).toContain(
      `{ name: 'giftcards', port: ${Math.max(...subgraphs.map((s) => s.port)) + 1}, packageDir: 'subgraphs/giftcards' }`,
    );
    expect(readFileSync(join(copy, 'pnpm-lock.yaml'), 'utf8')).toContain('\n  subgraphs/giftcards:\n');
    expect(readFileSync(join(copy, 'subgraphs/auth/src/domain/known-permissions.ts'), 'utf8')).toContain(
      `name: 'giftcards:write'`,
    );

    // What `pnpm check` verifies of the new subgraph. Composition with no errors and no hints: the scaffolder's own
    // `pnpm compose` fails on either, and the supergraph above has the new fields. Generated resolver types: the
    // type-check below fails without them. docker-compose.yml rendered from the new topology: checked here. And
    // the code type-checks (the package and every file the scaffolder edited, strict).
    timed('topology --check', () => expectOk(run('pnpm', ['exec', 'tsx', 'scripts/topology-render.ts', '--check'])));
    writeFileSync(
      join(copy, 'tsconfig.new-subgraph.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        include: [
          `subgraphs/${NAME}/src`,
          `subgraphs/${NAME}/test`,
          `test/support/authorization/${NAME}.ts`,
          'packages/topology/src',
          'packages/events/src',
          'subgraphs/auth/src/domain/known-permissions.ts',
        ],
      }),
    );
    timed('type-check', () => expectOk(run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.new-subgraph.json', '--noEmit'])));
    // Lint and format as `pnpm check` runs them, when the repository has ESLint and Prettier configured.
    if (existsSync(join(copy, 'eslint.config.mjs'))) {
      const written = [`subgraphs/${NAME}`, `schema/${NAME}.graphql`, `test/support/authorization/${NAME}.ts`];
      timed('lint', () => expectOk(run('pnpm', ['exec', 'eslint', '--max-warnings', '0', ...written])));
      timed('format', () => expectOk(run('pnpm', ['exec', 'prettier', '--check', ...written])));
    }
    timed('its own test', () =>
      expectOk(run('pnpm', ['exec', 'jest', `subgraphs/${NAME}`], { NODE_OPTIONS: '--experimental-vm-modules' })),
    );
    console.log(`new-subgraph test: step durations (s) ${JSON.stringify(timings)}`);
  }, 600_000);
});
