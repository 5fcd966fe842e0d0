import type { Scenario } from './run';

/** The three queries issue #3 holds the products subgraph to; the same document is sent to gateway and subgraph. */
export const scenarios: Scenario[] = [
  {
    name: 'page of 50 products with variants and media',
    subgraph: 'products',
    query: `query Page { products(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id slug name status category { id name path }
      variants { id sku weightGrams optionValues { name value } }
      media { id url alt kind position } } } } }`,
  },
  {
    name: 'one product by slug',
    subgraph: 'products',
    query: `query BySlug($slug: String!) { product(slug: $slug) { id name description
      attributes { name type value } options { name values }
      variants { id sku optionValues { name value } } media { url alt } } }`,
    variables: { slug: process.env.BENCH_SLUG ?? 'bench-product-5000' },
  },
  {
    name: 'full-text search',
    subgraph: 'products',
    query: `query Search($q: String!) { products(first: 20, filter: { search: $q }) { totalCount edges { node { id name slug } } } }`,
    variables: { q: process.env.BENCH_SEARCH ?? 'merino wool' },
  },
];
