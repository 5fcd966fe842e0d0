import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The domain knows nothing of GraphQL: use cases throw plain `DomainError`s (packages/core) and the server layer
 * gives them their `extensions.code`. So no file under `subgraphs/<name>/src/domain`, and nothing in
 * packages/core (which every domain imports), may import `graphql` or an Apollo package. ESLint's import
 * boundaries will hold this once they exist; until then `pnpm check` does.
 */
const FORBIDDEN_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](graphql(?:\/[^'"]*)?|@apollo\/[^'"]+)['"]/g;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every `file: module` where domain code (or the core it builds on) imports GraphQL; empty when the rule holds. */
export function graphqlImportsInDomain(root: string): string[] {
  const subgraphs = join(root, 'subgraphs');
  const dirs = [
    ...(existsSync(subgraphs) ? readdirSync(subgraphs).map((name) => join(subgraphs, name, 'src', 'domain')) : []),
    join(root, 'packages', 'core', 'src'),
  ];
  return dirs.flatMap((dir) =>
    tsFiles(dir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(FORBIDDEN_IMPORT)].map((m) => `${relative(root, file)}: ${m[1]}`)),
  );
}

if (require.main === module) {
  const found = graphqlImportsInDomain(process.cwd());
  if (found.length > 0) {
    console.error(`Domain code imports GraphQL (throw a DomainError from @shop/core instead):\n${found.join('\n')}`);
    process.exit(1);
  }
}
