import type { Comparison, Run } from './run';

/**
 * Issue #5: a storefront listing of 100 products with price, stock and rating, side by side with the same listing
 * without those fields, both through the gateway. The SQL column shows statements per subgraph per request.
 */
const listing = (extra: string) => `query Listing { products(first: 100) { edges { node {
  id slug name media { url alt }
  variants { id sku ${extra ? 'price(currency: USD) { amount currencyCode } stock { available inStock }' : ''} }
  ${extra ? 'inStock priceRange(currency: USD) { min { amount } max { amount } } rating { average count }' : ''}
} } } }`;

const full: Run = { label: 'with price, stock, rating', via: 'gateway', query: listing('all') };

export const comparisons: Comparison[] = [
  {
    name: 'listing of 100 products',
    left: full,
    right: { label: 'catalog fields only', via: 'gateway', query: listing('') },
  },
];

/** Issue #12: the full listing's SQL, captured for one request and replayed straight to PostgreSQL (bench/run.ts). */
export const replayed: Run = full;
