import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '@shop/runtime';

/**
 * The lint rules that hold the architecture (eslint/boundaries.mjs) and the API conventions (eslint/graphql.mjs)
 * catch what they are for. Each case writes a small repository into a temporary folder, with a config that uses
 * the real rule modules, and runs ESLint on it: the messages name every file that breaks a rule and no other.
 */
interface Finding {
  file: string;
  rule: string | null;
  line: number;
}

function lint(files: Record<string, string>, config: string): Finding[] {
  const root = mkdtempSync(join(tmpdir(), 'lint-rules-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, 'eslint.config.mjs'), config);
    const eslint = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    // Without jest's NODE_ENV=test, which turns off @graphql-eslint's module-level caches: lint as `pnpm lint` does.
    const env = { ...process.env };
    delete env.NODE_ENV;
    const run = spawnSync(process.execPath, [eslint, '--format', 'json', '.'], { cwd: root, encoding: 'utf8', env });
    if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
    const results = JSON.parse(run.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; line: number }[];
    }[];
    return results
      .flatMap((r) =>
        r.messages.map((m) => ({ file: r.filePath.slice(root.length + 1), rule: m.ruleId, line: m.line })),
      )
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || String(a.rule).localeCompare(String(b.rule)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const from = (module: string) => JSON.stringify(join(ROOT, module));

describe('import boundaries (eslint/boundaries.mjs)', () => {
  const config = `
import { createRequire } from 'node:module';
import { boundaries } from ${from('eslint/boundaries.mjs')};
const tseslint = createRequire(${from('package.json')})('typescript-eslint');
export default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries(import.meta.dirname)];
`;
  const ok = 'export const ok = 1;\n';

  it('keeps GraphQL and resolvers out of the domain, however they are imported', () => {
    const findings = lint(
      {
        'subgraphs/shop/src/domain/cursor.ts':
          "import { GraphQLError } from 'graphql';\nexport const bad = () => new GraphQLError('x');\n",
        'subgraphs/shop/src/domain/nested/lazy.ts': "export const load = () => import('graphql/error');\n",
        'subgraphs/shop/src/domain/shield.ts': "import { rule } from 'graphql-shield';\nexport { rule };\n",
        'subgraphs/shop/src/domain/apollo.ts': "const s = require('@apollo/subgraph');\nexport { s };\n",
        'subgraphs/shop/src/domain/mapper.ts': "export { Query } from '../resolvers/Query';\n",
        'subgraphs/shop/src/domain/fine.ts':
          "import { badInput } from '@shop/core';\nimport { find } from '../db/things.store';\nexport const ok = () => [badInput('x'), find];\n",
        'subgraphs/shop/src/resolvers/Query.ts':
          "import { GraphQLError } from 'graphql';\nexport const Query = GraphQLError;\n",
      },
      config,
    );
    expect(findings).toEqual([
      { file: 'subgraphs/shop/src/domain/apollo.ts', rule: 'no-restricted-syntax', line: 1 },
      { file: 'subgraphs/shop/src/domain/cursor.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'subgraphs/shop/src/domain/mapper.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'subgraphs/shop/src/domain/nested/lazy.ts', rule: 'no-restricted-syntax', line: 1 },
      { file: 'subgraphs/shop/src/domain/shield.ts', rule: 'no-restricted-imports', line: 1 },
    ]);
  });

  it('keeps db/ out of resolvers', () => {
    const findings = lint(
      {
        'subgraphs/shop/src/resolvers/Thing.ts': "import { things } from '../db/things.store';\nexport { things };\n",
        'subgraphs/shop/src/resolvers/mutations/thing-create.ts':
          "import type { ThingRow } from '../../db/schema';\nexport type T = ThingRow;\n",
        'subgraphs/shop/src/resolvers/Query.ts':
          "import { listThings } from '../domain/list-things';\nimport { Database } from '@shop/db';\nexport { listThings, Database };\n",
        'subgraphs/shop/src/service.ts': "import { things } from './db/things.store';\nexport { things };\n",
      },
      config,
    );
    expect(findings).toEqual([
      { file: 'subgraphs/shop/src/resolvers/mutations/thing-create.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'subgraphs/shop/src/resolvers/Thing.ts', rule: 'no-restricted-imports', line: 1 },
    ]);
  });

  it('keeps each subgraph out of the others, and every subgraph out of packages/', () => {
    const findings = lint(
      {
        'subgraphs/shop/src/service.ts': "import { subgraph } from '@shop/other';\nexport { subgraph };\n",
        'subgraphs/shop/src/domain/peek.ts': "import { x } from '../../../other/src/domain/x';\nexport { x };\n",
        'subgraphs/shop/src/resolvers/peek.ts': "export const y = () => import('../../../../subgraphs/other/src/y');\n",
        'subgraphs/shop/src/own.ts':
          "import { z } from './other/z';\nimport { core } from '@shop/core';\nexport { z, core };\n",
        'subgraphs/other/src/index.ts': ok,
        'packages/runtime/src/load.ts': "import { subgraph } from '@shop/shop';\nexport { subgraph };\n",
        'packages/server/src/peek.ts': "const s = require('../../../subgraphs/shop/src/service');\nexport { s };\n",
        'packages/core/src/errors.ts': "import { GraphQLError } from 'graphql';\nexport { GraphQLError };\n",
        'packages/server/src/fine.ts':
          "import { GraphQLError } from 'graphql';\nimport { gateway } from '@shop/gateway';\nexport { GraphQLError, gateway };\n",
      },
      config,
    );
    expect(findings).toEqual([
      { file: 'packages/core/src/errors.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'packages/runtime/src/load.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'packages/server/src/peek.ts', rule: 'no-restricted-syntax', line: 1 },
      { file: 'subgraphs/shop/src/domain/peek.ts', rule: 'no-restricted-imports', line: 1 },
      { file: 'subgraphs/shop/src/resolvers/peek.ts', rule: 'no-restricted-syntax', line: 1 },
      { file: 'subgraphs/shop/src/service.ts', rule: 'no-restricted-imports', line: 1 },
    ]);
  });
});

describe('SDL conventions (eslint/graphql.mjs)', () => {
  const config = `
import { graphqlConfigs } from ${from('eslint/graphql.mjs')};
export default graphqlConfigs(import.meta.dirname);
`;
  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n';
  const pageInfo = `
"Where a page sits in the list."
type PageInfo @shareable {
  "More follow."
  hasNextPage: Boolean!
  "More precede."
  hasPreviousPage: Boolean!
  "First cursor."
  startCursor: String
  "Last cursor."
  endCursor: String
}
`;
  const thing = (
    connection: string,
    mutationField = 'thingCreate("What to create." input: ThingCreateInput!): ThingCreatePayload!',
  ) => `${link}
type Query {
  "Things, a page at a time."
  things("How many from the start." first: Int, "After this cursor." after: String, "How many from the end." last: Int, "Before this cursor." before: String): ThingConnection!
}

type Mutation {
  "Creates a thing."
  ${mutationField}
}

"A thing."
type Thing @key(fields: "id") {
  "Its id."
  id: ID!
  "Its name."
  name: String!
}

"A page of things."
type ThingConnection {
${connection}
}

"A thing and its position."
type ThingEdge {
  "Position marker."
  cursor: String!
  "The thing."
  node: Thing!
}
${pageInfo}
"Input of thingCreate."
input ThingCreateInput {
  "The name."
  name: String!
}

"Result of thingCreate."
type ThingCreatePayload {
  "The new thing."
  thing: Thing
}
`;
  const fullConnection = `  "This page."
  edges: [ThingEdge!]!
  "This page's things."
  nodes: [Thing!]!
  "Where the page is."
  pageInfo: PageInfo!
  "How many in all."
  totalCount: Int!`;

  it('passes a subgraph that follows them, with federation directives known', () => {
    expect(lint({ 'schema/things.graphql': thing(fullConnection) }, config)).toEqual([]);
  });

  it('finds a connection without totalCount, an undescribed field, a mis-named payload and a verb-first mutation', () => {
    const findings = lint(
      {
        'schema/things.graphql': thing(fullConnection.replace(/\n {2}"How many in all."\n {2}totalCount: Int!/, '')),
        'schema/named.graphql': thing(
          fullConnection,
          'thingCreate("What to create." input: ThingCreateInput!): Thing!',
        ),
        'schema/verbs.graphql': thing(
          fullConnection,
          'createThing("What to create." input: ThingCreateInput!): ThingCreatePayload!',
        ).replace('"Its name."\n', ''),
        // Composed: never linted.
        'schema/supergraph.graphql': 'type Query { nothing: Int }\n',
      },
      config,
    );
    expect(findings.map(({ file, rule }) => `${file} ${rule}`)).toEqual([
      'schema/named.graphql shop-graphql/mutation-payload-name',
      // ThingCreatePayload, no longer returned by anything.
      'schema/named.graphql @graphql-eslint/no-unreachable-types',
      'schema/things.graphql no-restricted-syntax',
      'schema/verbs.graphql @graphql-eslint/input-name',
      'schema/verbs.graphql @graphql-eslint/naming-convention',
      'schema/verbs.graphql shop-graphql/mutation-payload-name',
      'schema/verbs.graphql @graphql-eslint/require-description',
    ]);
  });

  it('checks every file against its own schema (relay-edge-types per file)', () => {
    const brokenEdge = (s: string) => s.replace('"Position marker."\n  cursor: String!\n', '');
    const findings = lint(
      {
        'schema/a.graphql': thing(fullConnection),
        'schema/b.graphql': brokenEdge(thing(fullConnection)).replace(/Thing/g, 'Item').replace(/thing/g, 'item'),
      },
      config,
    );
    expect(findings.map(({ file, rule }) => `${file} ${rule}`)).toEqual([
      'schema/b.graphql shop-graphql/relay-edge-types',
    ]);
  });
});

describe('eslint-disable comments (eslint/disable-reasons.mjs)', () => {
  it('requires the reason on the line of every disable', () => {
    const config = `
import { createRequire } from 'node:module';
import { disableReasonsPlugin } from ${from('eslint/disable-reasons.mjs')};
const tseslint = createRequire(${from('package.json')})('typescript-eslint');
export default [{
  files: ['**/*.ts'],
  languageOptions: { parser: tseslint.parser },
  plugins: { 'shop-comments': disableReasonsPlugin },
  rules: { 'shop-comments/disable-needs-reason': 'error', 'no-debugger': 'error' },
}];
`;
    const findings = lint(
      {
        'src/a.ts': [
          '// eslint-disable-next-line no-debugger',
          'debugger;',
          '// eslint-disable-next-line no-debugger -- stepping through the replay by hand',
          'debugger;',
          '/* eslint-disable no-debugger */',
          'debugger;',
          '/* eslint-enable no-debugger */',
          'debugger; // eslint-disable-line no-debugger',
          '',
        ].join('\n'),
      },
      config,
    );
    expect(findings).toEqual([
      { file: 'src/a.ts', rule: 'shop-comments/disable-needs-reason', line: 1 },
      { file: 'src/a.ts', rule: 'shop-comments/disable-needs-reason', line: 5 },
      { file: 'src/a.ts', rule: 'shop-comments/disable-needs-reason', line: 8 },
    ]);
  });
});
