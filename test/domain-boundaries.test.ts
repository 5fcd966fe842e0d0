import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '@shop/runtime';
import { graphqlImportsInDomain } from '../scripts/domain-boundaries';

describe('domain boundaries', () => {
  it('finds no GraphQL import in any subgraph domain or in packages/core', () => {
    expect(graphqlImportsInDomain(ROOT)).toEqual([]);
  });

  it('catches a domain file that builds a GraphQLError, however it imports graphql', () => {
    const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
    try {
      const domain = join(root, 'subgraphs', 'shop', 'src', 'domain');
      mkdirSync(join(domain, 'nested'), { recursive: true });
      writeFileSync(join(domain, 'cursor.ts'), "import { GraphQLError } from 'graphql';\nexport const bad = () => new GraphQLError('x');\n");
      writeFileSync(join(domain, 'nested', 'lazy.ts'), "export const load = () => import('graphql/error');\n");
      writeFileSync(join(domain, 'fine.ts'), "import { badInput } from '@shop/core';\nexport const ok = () => badInput('x');\n");
      expect(graphqlImportsInDomain(root).sort()).toEqual([
        `${join('subgraphs', 'shop', 'src', 'domain', 'cursor.ts')}: graphql`,
        `${join('subgraphs', 'shop', 'src', 'domain', 'nested', 'lazy.ts')}: graphql/error`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
