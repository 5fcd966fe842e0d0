import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/**
 * Composes every `schema/<subgraph>.graphql` into `schema/supergraph.graphql`.
 * Fails on any composition error AND on any hint: hints are how composition says "this will bite later".
 * `--check` compares with the committed file instead of writing it.
 */
const SCHEMA_DIR = 'schema';
const OUTPUT = join(SCHEMA_DIR, 'supergraph.graphql');

export function composeSupergraph(only?: string[]): string {
  const files = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql') && f !== 'supergraph.graphql')
    .filter((f) => !only || only.includes(f.replace(/\.graphql$/, '')))
    .sort();
  const services = files.map((file) => {
    const name = file.replace(/\.graphql$/, '');
    return { name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) };
  });
  const result = composeServices(services);
  const problems: string[] = [];
  for (const error of result.errors ?? []) problems.push(`error: ${error.message}`);
  for (const hint of result.hints ?? []) problems.push(`hint ${hint.definition.code}: ${hint.message}`);
  if (problems.length > 0 || !result.supergraphSdl) {
    throw new Error(`Composition failed:\n${problems.join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

if (require.main === module) {
  try {
    // `--only a,b,c` composes just those subgraphs; with `--dry-run` nothing is written (a subgraph in progress).
    const onlyArg = process.argv[process.argv.indexOf('--only') + 1];
    const sdl = composeSupergraph(process.argv.includes('--only') && onlyArg ? onlyArg.split(',') : undefined);
    if (process.argv.includes('--dry-run')) {
      console.log('Composed with no errors and no hints (nothing written).');
    } else if (process.argv.includes('--check')) {
      const committed = readFileSync(OUTPUT, 'utf8');
      if (committed !== sdl) {
        console.error(`${OUTPUT} is out of date: run \`pnpm compose\` and commit the result.`);
        process.exit(1);
      }
      console.log(`${OUTPUT} matches composition.`);
    } else {
      writeFileSync(OUTPUT, sdl);
      console.log(`Composed ${OUTPUT} with no errors and no hints.`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
