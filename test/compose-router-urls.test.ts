import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subgraphs } from '@shop/topology';
import { composeSupergraph, topologyUrl } from '../scripts/compose';

/** `pnpm compose --urls-from-topology` writes a supergraph another router can serve as is. */
describe('a supergraph with the topology’s subgraph URLs', () => {
  it('differs from the committed one only in the URLs, which come from packages/topology', () => {
    const committed = readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
    const routed = composeSupergraph(undefined, topologyUrl('{name}'));
    for (const service of subgraphs) {
      expect(routed).toContain(
        `@join__graph(name: "${service.name}", url: "http://${service.name}:${service.port}/graphql")`,
      );
    }
    expect(routed.replace(/url: "http:\/\/(\w+):\d+\/graphql"/g, 'url: "http://$1.invalid/graphql"')).toBe(committed);
    expect(composeSupergraph(undefined, topologyUrl('10.0.0.7'))).toContain('url: "http://10.0.0.7:4001/graphql"');
  });
});
