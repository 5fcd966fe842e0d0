// Import boundaries of the codebase, as ESLint config objects (built-in rules only, no plugin).
// `no-restricted-imports` covers static `import`/`export … from`; `no-restricted-syntax` covers `import()` and
// `require()` with a literal path, so a lazy import cannot walk around a boundary.
// ESLint replaces (never merges) a rule's options when two config objects match a file, so each file glob below
// gets every boundary that applies to it in one object.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The subgraphs: every folder of subgraphs/ (a scaffolded subgraph is covered without editing this file). */
export function subgraphNames(root) {
  return readdirSync(join(root, 'subgraphs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * One forbidden import: `regex` is matched against the import's module specifier as written.
 * @typedef {{ regex: string, message: string }} Forbidden
 */

/** @param {string[]} others @returns {Forbidden[]} */
const otherSubgraphs = (others, fromPackage) =>
  others.length === 0
    ? []
    : [
        {
          // `@shop/<subgraph>`, `…/subgraphs/<subgraph>/…`, or a relative path that climbs out of this subgraph's
          // folder into a sibling (`../../<subgraph>/…`). Packages never reach a subgraph by any path.
          regex: `^(@shop/(${others.map(escape).join('|')})(/|$)|(.*/)?subgraphs/(${others.map(escape).join('|')})(/|$)${
            fromPackage ? '' : `|(\\.\\./)+(${others.map(escape).join('|')})/(src|test|drizzle)(/|$)`
          })`,
          message: fromPackage
            ? 'packages/ never import a subgraph: load it through the topology (@shop/runtime loadSubgraph) instead.'
            : 'A subgraph never imports another subgraph: talk to it through federation, events or commands, or load it in tests through @shop/runtime / @shop/testing by name.',
        },
      ];

/** Resolvers are thin: they call the domain (use cases on the context), never the stores. */
const RESOLVERS_NO_DB = {
  regex: '^\\.\\.?/(.*/)?db(/|$)',
  message: 'Resolvers never import db/: call a use case from domain/ (through the context) instead.',
};

/** The domain knows nothing of GraphQL: errors are plain values that the server layer maps. */
const DOMAIN_NO_GRAPHQL = [
  {
    regex: '^(graphql|graphql-shield)(/|$)|^@apollo/',
    message: 'Domain code imports no GraphQL: return a Result or throw a DomainError from @shop/core.',
  },
  {
    regex: '(^|/)resolvers(/|$)',
    message: 'Domain code never imports resolvers/: resolvers call the domain, not the other way round.',
  },
];

/** The config objects for `no-restricted-imports` and `no-restricted-syntax` for one set of files. */
function restrict(files, forbidden, ignores) {
  if (forbidden.length === 0) return [];
  // esquery ends a regex at the first `/`, escaped or not: spell it \x2F.
  const selectorFor = ({ regex }) => `/${regex.replace(/\//g, '\\x2F')}/`;
  return [
    {
      name: `boundaries: ${files.join(', ')}`,
      files,
      ...(ignores ? { ignores } : {}),
      rules: {
        'no-restricted-imports': ['error', { patterns: forbidden.map(({ regex, message }) => ({ regex, message })) }],
        'no-restricted-syntax': [
          'error',
          ...forbidden.flatMap((f) => [
            { selector: `ImportExpression[source.value=${selectorFor(f)}]`, message: f.message },
            {
              selector: `CallExpression[callee.name='require'][arguments.0.value=${selectorFor(f)}]`,
              message: f.message,
            },
          ]),
        ],
      },
    },
  ];
}

/** Every boundary, as flat-config objects, for the repository at `root`. */
export function boundaries(root) {
  const names = subgraphNames(root);
  const perSubgraph = names.flatMap((name) => {
    const others = otherSubgraphs(
      names.filter((n) => n !== name),
      false,
    );
    const base = `subgraphs/${name}`;
    // A subgraph's own integration tests (test/) may start the real neighbour it talks to over the bus (reviews
    // asks products whether a product may be reviewed); its code (src/) never reaches into another subgraph.
    return [
      ...restrict([`${base}/src/**/*.ts`], others, [`${base}/src/resolvers/**`, `${base}/src/domain/**`]),
      ...restrict([`${base}/src/resolvers/**/*.ts`], [...others, RESOLVERS_NO_DB]),
      ...restrict([`${base}/src/domain/**/*.ts`], [...others, ...DOMAIN_NO_GRAPHQL]),
    ];
  });
  return [
    ...perSubgraph,
    // packages/core is what every domain builds on: the same no-GraphQL rule as the domain.
    ...restrict(['packages/core/**/*.ts'], [...otherSubgraphs(names, true), DOMAIN_NO_GRAPHQL[0]]),
    ...restrict(['packages/**/*.ts'], otherSubgraphs(names, true), ['packages/core/**']),
  ];
}
