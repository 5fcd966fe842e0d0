import { randomUUID } from 'node:crypto';
import { recomputeRatings } from '../src/db/product-ratings.store';
import { productRatings } from '../src/db/schema';
import { ENTITIES, type Caller, customer, type SignedInCaller, gid } from '@shop/testing';
import { DELETE, moderate, startReviewsHarness, UPDATE, VOTE, writeReview, type ReviewsHarness } from './fixtures';

let h: ReviewsHarness;
beforeAll(async () => {
  // No relay or consumers in the background: every statement counted here is the request's own.
  h = await startReviewsHarness('ratings', { background: false });
});
afterAll(async () => {
  await h?.stop();
});

interface Rating {
  average: number | null;
  count: number;
  distribution: number[];
}
const RATING = `... on Product { id rating { average count distribution } }`;

async function ratingOf(productId: string): Promise<Rating> {
  const data = await h.data<{ _entities: { rating: Rating }[] }>(ENTITIES(RATING), {
    representations: [{ __typename: 'Product', id: gid('Product', productId) }],
  });
  return data._entities[0]!.rating;
}

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Product.rating', () => {
  it('is empty for a product without approved reviews', async () => {
    expect(await ratingOf(randomUUID())).toEqual({ average: null, count: 0, distribution: [0, 0, 0, 0, 0] });
  });

  it('counts only approved reviews, with average and per-star distribution', async () => {
    const productId = randomUUID();
    const ratings = [5, 4, 4, 1];
    for (const rating of ratings) {
      const headers = customer();
      const review = await writeReview(h, headers, { productId, rating });
      await moderate(h, review.id, 'APPROVE');
    }
    const headers = customer();
    await writeReview(h, headers, { productId, rating: 2 }); // pending: not counted
    expect(await ratingOf(productId)).toEqual({ average: 3.5, count: 4, distribution: [1, 0, 0, 2, 1] });
  });

  it('equals a from-scratch recomputation after a random sequence of creates, approvals, rejections, edits and deletes', async () => {
    const next = random(20251125);
    const products = Array.from({ length: 4 }, () => randomUUID());
    const customers: SignedInCaller[] = [];
    for (let i = 0; i < 6; i++) customers.push(customer());
    const written: { id: string; author: Caller }[] = [];
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
    for (let step = 0; step < 120; step++) {
      const op = next();
      if (op < 0.3 || written.length === 0) {
        const author = pick(customers);
        const body = await h.data<{ reviewCreate: { review: { id: string } | null } }>(
          `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { id } userErrors { code } } }`,
          {
            input: {
              productId: gid('Product', pick(products)),
              rating: 1 + Math.floor(next() * 5),
              title: 'T',
              body: 'B',
              authorName: 'A',
            },
          },
          author,
        );
        if (body.reviewCreate.review) written.push({ id: body.reviewCreate.review.id, author });
      } else if (op < 0.6) {
        await moderate(h, pick(written).id, 'APPROVE');
      } else if (op < 0.72) {
        await moderate(h, pick(written).id, 'REJECT');
      } else if (op < 0.88) {
        const review = pick(written);
        await h.data(UPDATE, { input: { id: review.id, rating: 1 + Math.floor(next() * 5) } }, review.author);
      } else {
        const index = Math.floor(next() * written.length);
        const [review] = written.splice(index, 1);
        await h.data(DELETE, { input: { id: review!.id } }, review!.author);
      }
    }
    const stored = await h.database.db.select().from(productRatings);
    const fromScratch = new Map((await recomputeRatings(h.database.db)).map((r) => [r.productId, r]));
    for (const productId of products) {
      const row = stored.find((r) => r.productId === productId);
      const expected = fromScratch.get(productId) ?? { count: 0, total: 0, stars: [0, 0, 0, 0, 0] };
      const actual = row
        ? { count: row.count, total: row.total, stars: [row.stars1, row.stars2, row.stars3, row.stars4, row.stars5] }
        : { count: 0, total: 0, stars: [0, 0, 0, 0, 0] };
      expect({ productId, ...actual }).toEqual({
        productId,
        count: expected.count,
        total: expected.total,
        stars: expected.stars,
      });
    }
    expect(fromScratch.size).toBeGreaterThan(0);
  });

  it('resolves the ratings of 100 products through _entities with ONE SQL statement', async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const rated = await writeReview(h, customer(), { productId: ids[42]!, rating: 3 });
    await moderate(h, rated.id, 'APPROVE');
    const representations = ids.map((id) => ({ __typename: 'Product', id: gid('Product', id) }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; rating: Rating }[] }>(ENTITIES(RATING), { representations }),
    );
    expect(result._entities.map((e) => e.id)).toEqual(ids.map((id) => gid('Product', id)));
    expect(result._entities[42]!.rating).toEqual({ average: 3, count: 1, distribution: [0, 0, 1, 0, 0] });
    expect(statements).toBe(1);
  });
});

describe('Product.reviews', () => {
  const productId = randomUUID();
  const written: { id: string; rating: number; helpful: number }[] = [];

  beforeAll(async () => {
    const voters: Caller[] = [];
    for (let i = 0; i < 3; i++) voters.push(customer());
    const plan = [
      { rating: 3, helpful: 0 },
      { rating: 5, helpful: 2 },
      { rating: 1, helpful: 3 },
      { rating: 5, helpful: 1 },
      { rating: 2, helpful: 0 },
    ];
    for (const { rating, helpful } of plan) {
      const review = await writeReview(h, customer(), { productId, rating });
      await moderate(h, review.id, 'APPROVE');
      for (let v = 0; v < helpful; v++) await h.data(VOTE, { input: { id: review.id, helpful: true } }, voters[v]);
      written.push({ id: review.id, rating, helpful });
    }
    // Neither a pending nor a rejected review is listed.
    await writeReview(h, customer(), { productId, rating: 4 });
    await moderate(h, (await writeReview(h, customer(), { productId, rating: 4 })).id, 'REJECT');
  });

  const PAGE = `query ($reps: [_Any!]!, $first: Int, $after: String, $sort: ReviewSort) {
    _entities(representations: $reps) { ... on Product { reviews(first: $first, after: $after, sort: $sort) {
      edges { cursor node { id rating helpfulCount } } pageInfo { hasNextPage endCursor } } } }
  }`;
  type Page = {
    edges: { cursor: string; node: { id: string; rating: number; helpfulCount: number } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };

  async function all(sort: string, size: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const data: { _entities: { reviews: Page }[] } = await h.data(PAGE, {
        reps: [{ __typename: 'Product', id: gid('Product', productId) }],
        first: size,
        after,
        sort,
      });
      const page = data._entities[0]!.reviews;
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return ids;
  }

  const newest = () => [...written].reverse();
  const byRating = (direction: 1 | -1) =>
    [...written]
      .map((r, i) => ({ ...r, i }))
      .sort((a, b) => direction * (a.rating - b.rating) || b.i - a.i)
      .map((r) => r.id);

  it('lists approved reviews newest first, in pages of 2 that add up to the whole list', async () => {
    expect(await all('NEWEST', 2)).toEqual(newest().map((r) => r.id));
  });

  it('sorts by HIGHEST_RATING and LOWEST_RATING (ties newest first) across pages', async () => {
    expect(await all('HIGHEST_RATING', 2)).toEqual(byRating(-1));
    expect(await all('LOWEST_RATING', 2)).toEqual(byRating(1));
  });

  it('sorts by MOST_HELPFUL across pages', async () => {
    const expected = [...written]
      .map((r, i) => ({ ...r, i }))
      .sort((a, b) => b.helpful - a.helpful || b.i - a.i)
      .map((r) => r.id);
    expect(await all('MOST_HELPFUL', 2)).toEqual(expected);
  });

  it('refuses a cursor from another sort order as BAD_USER_INPUT', async () => {
    const data = await h.data<{ _entities: { reviews: Page }[] }>(PAGE, {
      reps: [{ __typename: 'Product', id: gid('Product', productId) }],
      first: 1,
      sort: 'NEWEST',
    });
    const body = await h.request(PAGE, {
      reps: [{ __typename: 'Product', id: gid('Product', productId) }],
      first: 1,
      after: data._entities[0]!.reviews.pageInfo.endCursor,
      sort: 'HIGHEST_RATING',
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
