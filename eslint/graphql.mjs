// ESLint config for the subgraph SDL files (schema/*.graphql except the composed supergraph), with
// @graphql-eslint and one local rule. Each file is linted as its own subgraph schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import graphql from '@graphql-eslint/eslint-plugin';
import { Kind, parse } from 'graphql';

/**
 * @graphql-eslint's relay-edge-types keeps the edge types of the first schema it sees in a module-level cache
 * (skipped only when NODE_ENV is "test"), so with one schema per file every later file would be checked against
 * the first file's edges. This wrapper makes it compute them for each file's own schema.
 */
const relayEdgeTypes = graphql.rules['relay-edge-types'];
const relayEdgeTypesPerSchema = {
  ...relayEdgeTypes,
  create(context) {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'test';
    try {
      return relayEdgeTypes.create(context);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
  },
};

/** Local rules: what @graphql-eslint cannot say (or says only for the first schema). */
export const shopGraphqlPlugin = {
  meta: { name: 'shop-graphql' },
  rules: {
    'relay-edge-types': relayEdgeTypesPerSchema,
    'mutation-payload-name': {
      meta: {
        type: 'suggestion',
        docs: { description: 'A mutation `fooBar` returns `FooBarPayload` (DESIGN §6).' },
        schema: [],
        messages: { name: 'Mutation "{{field}}" must return "{{expected}}" (got "{{actual}}").' },
      },
      create(context) {
        const named = (type) => (type.kind === Kind.NAMED_TYPE ? type : named(type.gqlType));
        return {
          ':matches(ObjectTypeDefinition, ObjectTypeExtension)[name.value=Mutation] > FieldDefinition'(node) {
            const field = node.name.value;
            const expected = `${field[0].toUpperCase()}${field.slice(1)}Payload`;
            const actual = named(node.gqlType).name.value;
            if (actual !== expected)
              context.report({ node: node.name, messageId: 'name', data: { field, expected, actual } });
          },
        };
      },
    },
  },
};

const described = (node) => Boolean(node.description?.value.trim());

/**
 * Per file, the entity types it only contributes fields to: described in another subgraph's SDL (their owner)
 * and not here. They (and their key field `id`) stay undescribed on purpose: the owner's descriptions are used,
 * and a second, different one is a composition hint.
 */
function contributedTypes(files) {
  const describedIn = new Map();
  const docs = new Map(files.map((file) => [file, parse(readFileSync(file, 'utf8'))]));
  for (const [file, doc] of docs) {
    for (const def of doc.definitions) {
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION && described(def)) {
        describedIn.set(def.name.value, [...(describedIn.get(def.name.value) ?? []), file]);
      }
    }
  }
  return new Map(
    [...docs].map(([file, doc]) => [
      file,
      doc.definitions
        .filter((def) => def.kind === Kind.OBJECT_TYPE_DEFINITION && !described(def))
        .map((def) => def.name.value)
        .filter((name) => (describedIn.get(name) ?? []).some((other) => other !== file)),
    ]),
  );
}

const recommended = graphql.configs['flat/schema-recommended'].rules;

/** Rules for one SDL file. */
function rulesFor(file, contributed) {
  const hasConnections = /^type \w+Connection\b/m.test(readFileSync(file, 'utf8'));
  const typeList = contributed.join('|');
  return {
    ...recommended,
    ...graphql.configs['flat/schema-relay'].rules,
    // Off: descriptions are inline ("…") when they fit on one line and block ("""…""") when they don't; the rule
    // can only demand one style for all, which would turn every one-line description into three lines.
    '@graphql-eslint/description-style': 'off',
    // DESIGN §6: every type, field, argument and enum value has a description (Sandbox is the documentation).
    // Query and Mutation carry none: every subgraph contributes to them and differing descriptions make
    // composition emit hints (`pnpm check` allows none). Entities this subgraph only contributes fields to
    // (described by their owner) leave the type and its `id` undescribed, for the same reason.
    '@graphql-eslint/require-description': [
      'error',
      {
        types: true,
        rootField: true,
        FieldDefinition: true,
        InputValueDefinition: true,
        EnumValueDefinition: true,
        ignoredSelectors: [
          'ObjectTypeDefinition[name.value=/^(Query|Mutation)$/]',
          ...(contributed.length > 0
            ? [
                `ObjectTypeDefinition[name.value=/^(${typeList})$/]`,
                `ObjectTypeDefinition[name.value=/^(${typeList})$/] > FieldDefinition[name.value=id]`,
              ]
            : []),
        ],
      },
    ],
    // Bounded children are plain lists (DESIGN §6: `Product.variants`, `Product.media`), so lists of non-edge
    // types are allowed. `Node` is declared once, in the node subgraph, not in each subgraph's SDL, so an edge's
    // node cannot say `implements Node` here. Connections' edges are still checked (cursor, node, `…Edge`).
    '@graphql-eslint/relay-edge-types': 'off',
    'shop-graphql/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: false }],
    // A subgraph without any connection needs no PageInfo.
    ...(hasConnections ? {} : { '@graphql-eslint/relay-page-info': 'off' }),
    // Every mutation takes one `input: <Mutation>Input!` and returns `<Mutation>Payload` (DESIGN §6).
    '@graphql-eslint/input-name': ['error', { checkInputType: true, caseSensitiveInputType: false }],
    'shop-graphql/mutation-payload-name': 'error',
    // Objects have an `id: ID!`, except payloads, connections, edges, errors and these value types, which have no
    // identity of their own (a client cache stores them inside their parent).
    '@graphql-eslint/strict-id-in-types': [
      'error',
      {
        exceptions: {
          suffixes: ['Payload', 'Connection', 'Edge', 'PageInfo', 'Error'],
          types: [
            'Money',
            'PriceRange',
            'MarketingConsent',
            'NotificationPreference',
            'UserPreferences',
            'ProductAttribute',
            'ProductOption',
            'VariantOptionValue',
            'ProductRating',
            'StaffPermission',
            'StockLevel',
            'VariantStock',
            'VariantPrice',
            'WarehouseAddress',
            'ShipmentLine',
            'ShipmentTrackingEvent',
            'ShipmentTracking',
            // orders: a cart's value objects (no identity of their own)
            'CartCost',
            'CartDiscount',
            'CartDiscountCode',
            'CartAddress',
            'CartLineCost',
            // orders: an order's value objects (no identity of their own)
            'OrderDiscount',
            'OrderTotals',
            'OrderAddress',
            'OrderHistoryEntry',
            'CheckoutPaymentAction',
            // payments: value objects of an intent and the ledger's report (the entries are addressed by their intent)
            'PaymentAction',
            'PaymentFailure',
            'PaymentRisk',
            'LedgerEntry',
            'PaymentsReconciliation',
            'ReconciliationTotal',
            'ReconciliationMismatch',
            'ReturnLine',
          ],
        },
      },
    ],
    '@graphql-eslint/naming-convention': [
      'error',
      {
        ...recommended['@graphql-eslint/naming-convention'][1],
        // DESIGN §6: queries are nouns; mutations `<noun><Verb>` so Sandbox groups them by object
        // (`productCreate`, never `createProduct`), the session verbs (`register`, `login`, `verifyMfa`,
        // `refreshSession`, `logout`) excepted.
        'FieldDefinition[parent.name.value=Query]': {
          forbiddenPrefixes: ['query', 'get', 'list', 'fetch', 'find', 'search'],
          forbiddenSuffixes: ['Query'],
        },
        // `exportMyData` predates the rule: renaming it (e.g. `accountExport`) is an API change left to a follow-up.
        'FieldDefinition[parent.name.value=Mutation][name.value!=exportMyData]': {
          forbiddenPrefixes: [
            'mutation',
            'create',
            'update',
            'delete',
            'remove',
            'get',
            'export',
            'import',
            'enable',
            'disable',
            'grant',
            'revoke',
            'send',
            'reset',
            'change',
          ],
          forbiddenSuffixes: ['Mutation'],
        },
        // Inputs are `<Mutation>Input`, or a `<Type>Filter` argument of a list.
        InputObjectTypeDefinition: { style: 'PascalCase', requiredSuffixes: ['Input', 'Filter'] },
      },
    ],
    // DESIGN §6 / issue 10: every connection has edges, nodes, pageInfo and totalCount.
    'no-restricted-syntax': [
      'error',
      ...['edges', 'nodes', 'pageInfo', 'totalCount'].map((field) => ({
        selector: `ObjectTypeDefinition[name.value=/Connection$/]:not(:has(FieldDefinition[name.value=${field}]))`,
        message: `A connection has \`${field}\` (edges, nodes, pageInfo, totalCount: DESIGN §6).`,
      })),
    ],
  };
}

/** Flat-config objects for every subgraph SDL file under `root`/schema. */
export function graphqlConfigs(root) {
  const files = readdirSync(join(root, 'schema'))
    .filter((file) => file.endsWith('.graphql') && file !== 'supergraph.graphql')
    .map((file) => `schema/${file}`);
  const contributed = contributedTypes(files.map((file) => join(root, file)));
  return files.map((file) => ({
    name: `graphql: ${file}`,
    files: [file],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: {
        // One graphql-config project per file. The plugin sees the federation `@link` and builds the schema with
        // @apollo/subgraph, so federation directives (@key, @shareable, …) are known and validated.
        // graphql-config resolves schema paths against the working directory.
        graphQLConfig: {
          projects: Object.fromEntries(files.map((f) => [f, { schema: relative(process.cwd(), join(root, f)) }])),
        },
      },
    },
    plugins: { '@graphql-eslint': graphql, 'shop-graphql': shopGraphqlPlugin },
    rules: rulesFor(join(root, file), contributed.get(join(root, file)) ?? []),
  }));
}
