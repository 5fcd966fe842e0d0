import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row, MatrixContext } from '../authorization-table';
import type { IdentitySupergraph } from '../identity-supergraph';

/**
 * Reviews: reading is public (row visibility decides what shows), writing needs a signed-in customer, moderation
 * needs `reviews:moderate`. reviewUpdate is owner-only: it targets customer A's own review, and anyone else,
 * moderators included, gets NOT_FOUND. Inputs are harmless: unknown ids, invalid values, or an edit that leaves
 * customer A's (already PENDING) review PENDING.
 */
const MODERATE = { kind: 'permission', permission: 'reviews:moderate' } as const;
const AUTHENTICATED = { kind: 'authenticated' } as const;
const ERRORS = 'userErrors { code }';
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});

export const rows: Record<string, Row> = {
  'Query.review': {
    access: { kind: 'public' },
    operation: () => ({ query: `{ review(id: "${nowhereId('Review')}") { id } }` }),
  },
  'Query.reviewsForModeration': {
    access: MODERATE,
    operation: () => ({ query: `{ reviewsForModeration(first: 1) { nodes { id } } }` }),
  },
  'Mutation.reviewCreate': {
    access: AUTHENTICATED,
    operation: () =>
      mutation(
        'reviewCreate',
        `{ productId: "${nowhereId('Product')}", rating: 0, title: "Matrix", body: "Matrix", authorName: "Matrix" }`,
      ),
  },
  'Mutation.reviewUpdate': {
    access: { kind: 'owner' },
    operation: (c: MatrixContext) =>
      mutation('reviewUpdate', `{ id: "${c.resources.reviewOfCustomerA}", title: "Matrix review" }`),
  },
  'Mutation.reviewDelete': {
    access: AUTHENTICATED,
    operation: () => mutation('reviewDelete', `{ id: "${nowhereId('Review')}" }`),
  },
  'Mutation.reviewVote': {
    access: AUTHENTICATED,
    operation: () => mutation('reviewVote', `{ id: "${nowhereId('Review')}", helpful: true }`),
  },
  'Mutation.reviewModerate': {
    access: MODERATE,
    operation: () => mutation('reviewModerate', `{ id: "${nowhereId('Review')}", decision: APPROVE }`),
  },
};

/** A PENDING review written by customer A of a product on sale (reviews refuses any other), for the owner-only row. */
export async function prepare(env: IdentitySupergraph, ctx: MatrixContext): Promise<Record<string, string>> {
  const catalogStaff = await env.persona('Matrix Catalog', ['catalog:write']);
  const product = await env.mutate<{ product: { id: string } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id } userErrors { code message } } }`,
    { input: { name: `Matrix product ${randomUUID().slice(0, 8)}`, status: 'ACTIVE' } },
    catalogStaff.headers,
    'productCreate',
  );
  const created = await env.gql<{ reviewCreate: { review: { id: string } | null } }>(
    `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code message } } }`,
    {
      input: {
        productId: product.product.id,
        rating: 4,
        title: 'Matrix review',
        body: 'Written by customer A.',
        authorName: 'Ada A.',
      },
    },
    ctx.customerA.headers,
  );
  const id = created.data?.reviewCreate.review?.id;
  if (!id) throw new Error(`reviewCreate for customer A: ${JSON.stringify(created)}`);
  return { reviewOfCustomerA: id };
}
