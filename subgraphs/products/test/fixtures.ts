import {
  staff,
  startTestSubgraph,
  USER_ERRORS,
  type Caller,
  type TestSubgraph,
  type UserErrorBody,
} from '@shop/testing';
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
  const data = await h.data<{
    categoryCreate: { category: { id: string; slug: string; path: string } | null; userErrors: UserErrorBody[] };
  }>(
    `mutation ($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { id slug path } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.categoryCreate.category)
    throw new Error(`categoryCreate failed: ${JSON.stringify(data.categoryCreate.userErrors)}`);
  return data.categoryCreate.category;
}

export interface CreatedProduct {
  id: string;
  slug: string;
  variants: { id: string; sku: string }[];
}

export async function createProduct(h: ProductsHarness, input: Record<string, unknown>): Promise<CreatedProduct> {
  const data = await h.data<{ productCreate: { product: CreatedProduct | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id slug variants { id sku } } ${USER_ERRORS} } }`,
    { input },
    STAFF,
  );
  if (!data.productCreate.product)
    throw new Error(`productCreate failed: ${JSON.stringify(data.productCreate.userErrors)}`);
  return data.productCreate.product;
}
