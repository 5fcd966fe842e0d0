import type { Comparison, Run } from './run';

/** The three queries issue #3 holds the products subgraph to: through the gateway vs the subgraph directly. */
const viaBoth = (name: string, query: string, variables?: Record<string, unknown>): Comparison => {
  const run = (label: string, via: Run['via']): Run => ({ label, via, query, variables });
  return { name, left: run('gateway', 'gateway'), right: run('direct', { subgraph: 'products' }) };
};

export const comparisons: Comparison[] = [
  viaBoth(
    'page of 50 products with variants and media',
    `query Page { products(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id slug name status category { id name path }
      variants { id sku weightGrams optionValues { name value } }
      media { id url alt kind position } } } } }`,
  ),
  viaBoth(
    'one product by slug',
    `query BySlug($slug: String!) { product(slug: $slug) { id name description
      attributes { name type value } options { name values }
      variants { id sku optionValues { name value } } media { url alt } } }`,
    { slug: process.env.BENCH_SLUG ?? 'bench-product-5000' },
  ),
  viaBoth(
    'full-text search',
    `query Search($q: String!) { products(first: 20, filter: { search: $q }) { totalCount edges { node { id name slug } } } }`,
    { q: process.env.BENCH_SEARCH ?? 'merino wool' },
  ),
];
