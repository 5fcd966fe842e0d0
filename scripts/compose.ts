import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphs as topology } from '@shop/topology';
import { NODE_SUBGRAPH, idKeyedTypesOfSdl, nodeSubgraphSdl } from '@shop/server';

/**
 * Composes every `schema/<subgraph>.graphql` into `schema/supergraph.graphql`.
 * Fails on any composition error AND on any hint: hints are how composition says "this will bite later".
 * `--check` compares with the committed file instead of writing it.
 *
 * The committed supergraph names no real host (`http://<name>.invalid/graphql`): our gateway takes the URLs from
 * the topology or `<NAME>_URL`. Another router (Apollo Router, Hive Gateway) reads them from the supergraph, so
 * `--urls-from-topology[=host]` writes one with `http://<host>:<topology port>/graphql` (host default 127.0.0.1;
 * `{name}` stands for the subgraph's name, e.g. its docker-compose service) to `--out` (default
 * .data/supergraph.router.graphql, ignored by git), never over the committed file.
 *
 * `schema/node.graphql` (`Query.node`/`nodes` over every entity keyed by `id`) is generated here from the other
 * subgraphs' SDL, so a new subgraph's entities are refetchable at once; `--check` verifies it too. The gateway
 * serves that subgraph in its own process (packages/server/src/node-subgraph.ts), so it has no topology entry.
 */
const SCHEMA_DIR = 'schema';
const OUTPUT = join(SCHEMA_DIR, 'supergraph.graphql');
const NODE_OUTPUT = join(SCHEMA_DIR, `${NODE_SUBGRAPH}.graphql`);
const ROUTER_OUTPUT = join('.data', 'supergraph.router.graphql');

const placeholderUrl = (name: string): string => `http://${name}.invalid/graphql`;

/** Subgraph URLs from packages/topology, for a router that reads them from the supergraph. */
export function topologyUrl(host: string): (name: string) => string {
  return (name) => {
    // Served inside our gateway only: another router has no address for it (yet).
    if (name === NODE_SUBGRAPH) return placeholderUrl(name);
    const service = topology.find((s) => s.name === name);
    if (!service) throw new Error(`schema/${name}.graphql has no entry in packages/topology: no port to write`);
    return `http://${host.replaceAll('{name}', name)}:${service.port}/graphql`;
  };
}

/** The node subgraph's SDL for the entities of every other subgraph in schema/. */
export function generateNodeSdl(only?: string[]): string {
  const types = domainSchemaFiles(only).flatMap((file) =>
    idKeyedTypesOfSdl(readFileSync(join(SCHEMA_DIR, file), 'utf8')),
  );
  return nodeSubgraphSdl(types);
}

function domainSchemaFiles(only?: string[]): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql') && f !== 'supergraph.graphql' && f !== `${NODE_SUBGRAPH}.graphql`)
    .filter((f) => !only || only.includes(f.replace(/\.graphql$/, '')))
    .sort();
}

export function composeSupergraph(only?: string[], urlOf: (name: string) => string = placeholderUrl): string {
  const services = domainSchemaFiles(only).map((file) => {
    const name = file.replace(/\.graphql$/, '');
    return { name, url: urlOf(name), typeDefs: parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) };
  });
  services.push({ name: NODE_SUBGRAPH, url: urlOf(NODE_SUBGRAPH), typeDefs: parse(generateNodeSdl(only)) });
  services.sort((a, b) => a.name.localeCompare(b.name));
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
    const urlsArg = process.argv.find((a) => a === '--urls-from-topology' || a.startsWith('--urls-from-topology='));
    const urlOf = urlsArg ? topologyUrl(urlsArg.split('=')[1] || '127.0.0.1') : placeholderUrl;
    const sdl = composeSupergraph(process.argv.includes('--only') && onlyArg ? onlyArg.split(',') : undefined, urlOf);
    if (urlsArg) {
      const outArg = process.argv[process.argv.indexOf('--out') + 1];
      const out = process.argv.includes('--out') && outArg ? outArg : ROUTER_OUTPUT;
      if (resolve(out) === resolve(OUTPUT))
        throw new Error(`${OUTPUT} keeps placeholder URLs (the CI drift gate compares it); write elsewhere.`);
      mkdirSync(dirname(resolve(out)), { recursive: true });
      writeFileSync(out, sdl);
      console.log(
        `Composed ${out} with the topology's subgraph URLs (e.g. ${urlOf(topology[0]!.name)}), no errors and no hints.`,
      );
    } else if (process.argv.includes('--dry-run')) {
      console.log('Composed with no errors and no hints (nothing written).');
    } else if (process.argv.includes('--check')) {
      const committed = readFileSync(OUTPUT, 'utf8');
      const committedNode = readFileSync(NODE_OUTPUT, 'utf8');
      if (committed !== sdl || committedNode !== generateNodeSdl()) {
        console.error(`${OUTPUT} or ${NODE_OUTPUT} is out of date: run \`pnpm compose\` and commit the result.`);
        process.exit(1);
      }
      console.log(`${OUTPUT} matches composition.`);
    } else {
      writeFileSync(NODE_OUTPUT, generateNodeSdl());
      writeFileSync(OUTPUT, sdl);
      console.log(`Generated ${NODE_OUTPUT}; composed ${OUTPUT} with no errors and no hints.`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
