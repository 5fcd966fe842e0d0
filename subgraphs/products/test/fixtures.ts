import { staff, startTestSubgraph, type Caller, type TestSubgraph } from '@shop/testing';
import { productsSubgraph } from '../src/service';

/** Products' own test pieces: the subgraph on the shared harness, its staff caller, and catalog fixtures. */

export type ProductsHarness = TestSubgraph;

export const startProductsHarness = (label: string, options: { background?: boolean } = {}): Promise<ProductsHarness> =>
  startTestSubgraph(productsSubgraph, { label, ...options });

/** Catalog staff: an access token with `catalog:write`. */
export const STAFF: Caller = staff(['catalog:write']);

// Fixtures: catalog data created through the API, as a client would.

export async function createCategory(
  h: ProductsHarness,
  input: { name: string; slug?: string; parentId?: string | null; description?: string },
): Promise<{ id: string; slug: string; path: string }> {
  const { category } = await h.mutate<{ category: { id: string; slug: string; path: string } }>(
    'categoryCreate',
    input,
    'category { id slug path }',
    STAFF,
  );
  return category;
}

export interface CreatedProduct {
  id: string;
  slug: string;
  variants: { id: string; sku: string }[];
}

export async function createProduct(h: ProductsHarness, input: Record<string, unknown>): Promise<CreatedProduct> {
  const { product } = await h.mutate<{ product: CreatedProduct }>(
    'productCreate',
    input,
    'product { id slug variants { id sku } }',
    STAFF,
  );
  return product;
}
