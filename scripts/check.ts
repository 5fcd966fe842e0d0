import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `pnpm check`: everything CI verifies before tests. Each step fails loudly with the command that fixes it.
 * 1. the committed supergraph equals what composition produces (zero errors, zero hints);
 * 2. generated resolver types and error-code lists equal what codegen produces;
 * 3. docker-compose.yml equals what the topology renders;
 * 4. every subgraph's drizzle migrations are up to date with its db/schema.ts;
 * 5. everything type-checks (strict);
 * 6. ESLint passes (`pnpm lint`): type-checked rules, the import boundaries of eslint/boundaries.mjs (domain code
 *    and packages/core import no GraphQL, resolvers no db/, no subgraph another) and the SDL conventions;
 * 7. everything is formatted (`pnpm format:check`; `pnpm format` fixes it). Last, so every other finding shows first.
 */
function run(title: string, command: string, args: string[]): void {
  process.stdout.write(`check: ${title} ... `);
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    console.log('FAILED');
    console.error(result.stdout, result.stderr);
    process.exit(1);
  }
  console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function checkMigrations(): void {
  for (const name of readdirSync('subgraphs')) {
    const schemaFile = join('subgraphs', name, 'src', 'db', 'schema.ts');
    const folder = join('subgraphs', name, 'drizzle');
    if (!existsSync(schemaFile)) continue;
    const scratch = mkdtempSync(join(tmpdir(), `migrations-${name}-`));
    try {
      if (existsSync(folder)) cpSync(folder, scratch, { recursive: true });
      const before = snapshot(scratch);
      run(`migrations of ${name} are up to date`, 'pnpm', [
        'exec',
        'drizzle-kit',
        'generate',
        '--dialect',
        'postgresql',
        '--schema',
        schemaFile,
        '--out',
        scratch,
      ]);
      if (snapshot(scratch) !== before) {
        console.error(
          `subgraphs/${name}/src/db/schema.ts changed without a migration: run \`pnpm migrations\` and commit subgraphs/${name}/drizzle.`,
        );
        process.exit(1);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

function snapshot(dir: string): string {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else entries.push(`${p.slice(dir.length)}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return entries.join('\n');
}

run('supergraph is composed and committed', 'pnpm', ['exec', 'tsx', 'scripts/compose.ts', '--check']);
run('generated types and codes are current', 'pnpm', ['exec', 'graphql-codegen', '--config', 'codegen.ts', '--check']);
run('docker-compose.yml matches the topology', 'pnpm', ['exec', 'tsx', 'scripts/topology-render.ts', '--check']);
checkMigrations();
run('type-check (strict)', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit']);
run('lint (pnpm lint:fix fixes some)', 'pnpm', ['run', '--silent', 'lint']);
run('formatted (pnpm format fixes it)', 'pnpm', ['run', '--silent', 'format:check']);
console.log('check: all passed');
