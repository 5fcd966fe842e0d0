import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, getIntrospectionQuery, Kind, parse, type OperationDefinitionNode } from 'graphql';
import {
  analyzeOperation,
  buildCostModel,
  CROSS_SUBGRAPH_WEIGHT,
  DEFAULT_PAGE_SIZE,
  MUTATION_WEIGHT,
} from '../src/cost';
import { DEFAULT_COST_LIMITS } from '../src/cost-control';
import { readmeExamples } from '../../test/support/readme-examples';
import { comparisons as catalogBench } from '../../bench/catalog.scenarios';
import { comparisons as productsBench } from '../../bench/products.scenarios';

// The committed supergraph: its types are the API schema's, its join__ directives say who resolves what.
const supergraphSdl = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
const model = buildCostModel(supergraphSdl);

function analyze(source: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = parse(source);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName)! : operations[0]!;
  return analyzeOperation(schema, document, operation, variables, model);
}
const costOf = (source: string, variables?: Record<string, unknown>) => analyze(source, variables).cost;

describe('static query cost', () => {
  it('keeps every README example well under the maximum (at most a twentieth of it)', () => {
    const { document, operationNames } = readmeExamples();
    const costs = Object.fromEntries(operationNames.map((name) => [name, analyze(document, {}, name).cost]));
    console.log(`README example costs (maximum ${DEFAULT_COST_LIMITS.maxCost}):\n${JSON.stringify(costs, null, 2)}`);
    expect(operationNames.length).toBeGreaterThanOrEqual(8);
    for (const [name, cost] of Object.entries(costs)) {
      expect({ name, cost, underATwentieth: cost <= DEFAULT_COST_LIMITS.maxCost / 20 }).toEqual({
        name,
        cost,
        underATwentieth: true,
      });
    }
  });

  it('lets the benchmark scenarios through the gateway (a listing of 100 products with price, stock and rating)', () => {
    const runs = [...catalogBench, ...productsBench]
      .flatMap((c) => [c.left, c.right])
      .filter((r) => r.via === 'gateway');
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const run of runs) {
      const cost = analyze(run.query, run.variables).cost;
      expect({ label: run.label, cost, allowed: cost <= DEFAULT_COST_LIMITS.maxCost }).toEqual({
        label: run.label,
        cost,
        allowed: true,
      });
    }
  });

  it('states in the README the defaults the code uses and what each example costs', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = /## Query cost and rate limits\n([\s\S]*?)\n## /.exec(readme)![1]!;
    const row = (variable: string) => new RegExp(`\\| \`${variable}\` \\| (\\d+) \\|`).exec(section)?.[1];
    expect({
      QUERY_COST_MAX: row('QUERY_COST_MAX'),
      QUERY_MAX_ALIASES: row('QUERY_MAX_ALIASES'),
      QUERY_MAX_ROOT_FIELDS: row('QUERY_MAX_ROOT_FIELDS'),
      RATE_LIMIT_COST_PER_MINUTE: row('RATE_LIMIT_COST_PER_MINUTE'),
    }).toEqual({
      QUERY_COST_MAX: String(DEFAULT_COST_LIMITS.maxCost),
      QUERY_MAX_ALIASES: String(DEFAULT_COST_LIMITS.maxAliases),
      QUERY_MAX_ROOT_FIELDS: String(DEFAULT_COST_LIMITS.maxRootFields),
      RATE_LIMIT_COST_PER_MINUTE: String(DEFAULT_COST_LIMITS.budgetPerMinute),
    });
    // The table of example costs: a header row of operation names, then their costs.
    const table = /\n\| (Catalog[^\n]*)\|\n\|[-| ]+\|\n\| ([^\n]*)\|/.exec(section)!;
    const names = table[1]!.split('|').map((c) => c.trim());
    const stated = table[2]!.split('|').map((c) => Number(c.trim()));
    const { document, operationNames } = readmeExamples();
    expect(names).toEqual(operationNames);
    expect(stated).toEqual(operationNames.map((name) => analyze(document, {}, name).cost));
    // The environment table agrees with the section.
    expect(readme).toContain(
      `| \`RATE_LIMIT_COST_PER_MINUTE\` | gateway | \`${DEFAULT_COST_LIMITS.budgetPerMinute}\` |`,
    );
    expect(readme).toContain(`| \`QUERY_COST_MAX\` | gateway | \`${DEFAULT_COST_LIMITS.maxCost}\` |`);
  });

  it('multiplies a connection by first or last, from literals, variables and variable defaults', () => {
    const page = (n: string) => `query ($n: Int = 7) { products${n ? `(${n})` : ''} { edges { node { name } } } }`;
    const perItem = 3; // edges, node, name
    expect(costOf(page('first: 10'))).toBe(1 + 10 * perItem);
    expect(costOf(page('last: 4'))).toBe(1 + 4 * perItem);
    expect(costOf(page('first: $n'), { n: 100 })).toBe(1 + 100 * perItem);
    expect(costOf(page('first: $n'))).toBe(1 + 7 * perItem);
    expect(costOf(page(''))).toBe(1 + DEFAULT_PAGE_SIZE * perItem);
    // A page size the subgraph would refuse is charged as asked, so the gateway refuses it before any call.
    expect(costOf(page('first: $n'), { n: 2_000_000_000 })).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
    expect(costOf(page('first: $n'), { n: 1e308 })).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
  });

  it('multiplies `nodes` by the page size as it does `edges` on every root connection (edges cost one more per item: `node`)', () => {
    const query = schema.getQueryType()!.getFields();
    const roots = Object.values(query).filter(
      (f) => /Connection!?$/.test(String(f.type)) && f.args.every((a) => !String(a.type).endsWith('!')),
    );
    expect(roots.length).toBeGreaterThanOrEqual(10);
    const costs = roots.map((f) => ({
      field: f.name,
      edges: costOf(`{ ${f.name}(first: 50) { edges { node { __typename id } } } }`) - 50,
      nodes: costOf(`{ ${f.name}(first: 50) { nodes { __typename id } } }`),
    }));
    for (const c of costs) expect(c).toEqual({ ...c, nodes: c.edges });
  });

  it('multiplies nesting: connections inside connections and bounded lists inside pages', () => {
    const twoLevels = costOf(
      `{ products(first: 100) { edges { node { reviews(first: 100) { edges { node { body } } } } } } }`,
    );
    expect(twoLevels).toBeGreaterThan(100 * 100 * 3);
    const threeLevels = costOf(
      `{ categories(first: 100) { nodes { products(first: 100) { nodes { reviews(first: 100) { nodes { body } } } } } } }`,
    );
    expect(threeLevels).toBeGreaterThan(100 * 100 * 100);
    expect(threeLevels).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
    // Product.variants is bounded at 100 by the products subgraph: charged as 100 per product.
    expect(costOf(`{ products(first: 10) { edges { node { variants { sku } } } } }`)).toBe(1 + 10 * (1 + 1 + 100 * 2));
    // A zero page with a huge page inside is zero, not NaN (NaN would compare as "not too costly").
    expect(
      costOf(`{ products(first: 0) { edges { node { reviews(first: 2000000000) { edges { node { body } } } } } } }`),
    ).toBe(1);
  });

  it('charges fields another subgraph resolves, and mutations, more than local fields', () => {
    expect(model.fieldWeights.get('Product.priceRange')).toBe(CROSS_SUBGRAPH_WEIGHT);
    expect(model.fieldWeights.get('Product.rating')).toBe(CROSS_SUBGRAPH_WEIGHT);
    expect(model.fieldWeights.get('ProductVariant.stock')).toBe(CROSS_SUBGRAPH_WEIGHT);
    expect(model.fieldWeights.has('Product.name')).toBe(false);
    expect(
      costOf(`{ product(slug: "x") { rating { count } } }`) - costOf(`{ product(slug: "x") { category { name } } }`),
    ).toBe(CROSS_SUBGRAPH_WEIGHT - 1);
    const logins = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `l${i}: login(input: { email: "a@b.c", password: "x" }) { accessToken }`).join(' ')} }`;
    expect(costOf(logins(200))).toBe(200 * (MUTATION_WEIGHT + 1));
    expect(analyze(logins(200))).toMatchObject({ aliases: 200, rootFields: 200 });
  });

  it('follows fragments and inline fragments, and costs a fan-out of spreads in linear time', () => {
    const inline = costOf(`{ products(first: 10) { edges { node { name variants { sku } } } } }`);
    const viaFragments = costOf(
      `{ products(first: 10) { ...Page } } fragment Page on ProductConnection { edges { ... on ProductEdge { node { ...P } } } } fragment P on Product { name variants { sku } }`,
    );
    expect(viaFragments).toBe(inline);

    // 30 fragments, each spreading the next 10 times under an alias: 10^30 copies of one listing.
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i === 29
        ? `fragment F${i} on Query { a: products(first: 100) { totalCount } }`
        : `fragment F${i} on Query { ${`...F${i + 1} `.repeat(10)}}`,
    ).join('\n');
    const started = performance.now();
    const fanOut = analyze(`{ ...F0 } ${fragments}`);
    const elapsed = performance.now() - started;
    console.log(`cost of a 10^30-copy fragment fan-out computed in ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
    expect(fanOut.cost).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
    expect(fanOut.rootFields).toBeGreaterThan(DEFAULT_COST_LIMITS.maxRootFields);
    expect(fanOut.aliases).toBeGreaterThan(DEFAULT_COST_LIMITS.maxAliases);
  });

  it('charges introspection one point per selected field, multiplied only when nested deeper than a real client asks', () => {
    const full = analyze(getIntrospectionQuery());
    console.log(`full introspection query: cost ${full.cost}`);
    expect(full.cost).toBeLessThan(500);
    expect(costOf('{ __typename }')).toBe(0);
    // Introspection nested past what any client asks multiplies like any other list.
    const deep = (levels: number) =>
      `{ __schema { types { ${'fields { type { ofType { '.repeat(levels)}name${' } } }'.repeat(levels)} } } }`;
    expect(costOf(deep(1))).toBeLessThan(20);
    expect(costOf(deep(3))).toBeGreaterThan(costOf(deep(2)) * 20);
    expect(costOf(deep(5))).toBeGreaterThan(DEFAULT_COST_LIMITS.maxCost);
  });
});
