import { randomUUID } from 'node:crypto';
import { ANONYMOUS, ENTITIES, customer, type SignedInCaller, gid } from '@shop/testing';
import { moderate, startReviewsHarness, writeReview, type ReviewsHarness, MODERATOR, STAFF_WITHOUT } from './fixtures';

let h: ReviewsHarness;
let alice: SignedInCaller;
let bob: SignedInCaller;
const written: string[] = [];

beforeAll(async () => {
  h = await startReviewsHarness('userreviews', { background: false });
  alice = customer();
  bob = customer();
  for (let i = 0; i < 3; i++) written.push((await writeReview(h, alice, { productId: randomUUID() })).id);
  await moderate(h, written[0]!, 'APPROVE');
  await moderate(h, written[1]!, 'REJECT');
});
afterAll(async () => {
  await h?.stop();
});

const USER_REVIEWS = ENTITIES(
  '... on User { id reviews(first: 2) { nodes { id status } pageInfo { hasNextPage endCursor } } }',
);
type Result = {
  _entities: ({ reviews: { nodes: { id: string; status: string }[]; pageInfo: { hasNextPage: boolean } } } | null)[];
};

describe('User.reviews (reached through _entities, as the gateway does)', () => {
  it('shows the user their own reviews in every status, newest first, paginated', async () => {
    const data = await h.data<Result>(
      USER_REVIEWS,
      { representations: [{ __typename: 'User', id: gid('User', alice.userId) }] },
      alice,
    );
    const page = data._entities[0]!.reviews;
    expect(page.nodes.map((n) => n.id)).toEqual([written[2], written[1]]);
    expect(page.nodes.map((n) => n.status)).toEqual(['PENDING', 'REJECTED']);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('pages backward from the end to the same reviews, and counts them all', async () => {
    const PAGED = `query ($representations: [_Any!]!, $last: Int, $before: String) { _entities(representations: $representations) {
      ... on User { reviews(last: $last, before: $before) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor } } } } }`;
    type Paged = {
      _entities: {
        reviews: {
          totalCount: number;
          nodes: { id: string }[];
          pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null };
        };
      }[];
    };
    const page = async (args: Record<string, unknown>) =>
      (
        await h.data<Paged>(
          PAGED,
          { representations: [{ __typename: 'User', id: gid('User', alice.userId) }], ...args },
          alice,
        )
      )._entities[0]!.reviews;
    const last = await page({ last: 2 });
    expect(last.nodes.map((n) => n.id)).toEqual([written[1], written[0]]);
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(last.totalCount).toBe(3);
    const before = await page({ last: 2, before: last.pageInfo.startCursor });
    expect(before.nodes.map((n) => n.id)).toEqual([written[2]]);
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('shows them to staff with reviews:moderate', async () => {
    const data = await h.data<Result>(
      USER_REVIEWS,
      { representations: [{ __typename: 'User', id: gid('User', alice.userId) }] },
      MODERATOR,
    );
    expect(data._entities[0]!.reviews.nodes).toHaveLength(2);
  });

  it('refuses another customer (FORBIDDEN), staff without the permission (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const reps = { representations: [{ __typename: 'User', id: gid('User', alice.userId) }] };
    const asBob = await h.request<Result>(USER_REVIEWS, reps, bob);
    expect(asBob.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asBob.data)).not.toContain(written[0]!);
    expect((await h.request(USER_REVIEWS, reps, STAFF_WITHOUT)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(USER_REVIEWS, reps, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('decides per user in one batch: your own entry resolves, the other is refused', async () => {
    const body = await h.request<Result>(
      USER_REVIEWS,
      {
        representations: [
          { __typename: 'User', id: gid('User', bob.userId) },
          { __typename: 'User', id: gid('User', alice.userId) },
        ],
      },
      bob,
    );
    expect(body.data?._entities[0]?.reviews.nodes).toEqual([]);
    // User.reviews is nullable (an unavailable reviews subgraph nulls only it), so a refusal nulls the field, not the user.
    expect(body.data?._entities[1]?.reviews).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('resolves a Review entity only where the caller may see it', async () => {
    const reps = { representations: written.map((id) => ({ __typename: 'Review', id })) };
    const query = ENTITIES('... on Review { id status }');
    const anonymous = await h.data<{ _entities: ({ id: string } | null)[] }>(query, reps, ANONYMOUS);
    expect(anonymous._entities.map((e) => e?.id ?? null)).toEqual([written[0], null, null]);
    const own = await h.data<{ _entities: ({ id: string } | null)[] }>(query, reps, alice);
    expect(own._entities.map((e) => e?.id ?? null)).toEqual(written);
  });
});
