import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `pnpm migrations`: runs drizzle-kit generate for every subgraph that has a db/schema.ts. */
for (const name of readdirSync('subgraphs')) {
  const schemaFile = join('subgraphs', name, 'src', 'db', 'schema.ts');
  if (!existsSync(schemaFile)) continue;
  const result = spawnSync(
    'pnpm',
    [
      'exec',
      'drizzle-kit',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      schemaFile,
      '--out',
      join('subgraphs', name, 'drizzle'),
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
