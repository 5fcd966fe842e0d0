import { join } from 'node:path';
import type { BaseContext, SubgraphDefinition } from '@shop/server';
import { subgraphs, type SubgraphService } from '@shop/topology';

/** Repository root (this file is packages/runtime/src/registry.ts). */
export const ROOT = join(__dirname, '..', '..', '..');

/**
 * Loads a subgraph's definition by the topology's convention: `<packageDir>/src/service.ts` exports `subgraph`.
 * Loading lazily keeps a standalone process from pulling in every other subgraph's code.
 */
export function loadSubgraph(service: SubgraphService): SubgraphDefinition<BaseContext> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- by path from the topology: packages never name a subgraph package
  const mod = require(join(ROOT, service.packageDir, 'src', 'service')) as {
    subgraph?: SubgraphDefinition<BaseContext>;
  };
  if (!mod.subgraph || mod.subgraph.name !== service.name) {
    throw new Error(`${service.packageDir}/src/service.ts must export \`subgraph\` named "${service.name}"`);
  }
  return mod.subgraph;
}

export function findService(name: string): SubgraphService {
  const service = subgraphs.find((s) => s.name === name);
  if (!service) throw new Error(`Unknown subgraph "${name}": add it to packages/topology/src/index.ts`);
  return service;
}
