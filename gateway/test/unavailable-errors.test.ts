import { parse } from 'graphql';
import { MAX_ERRORS_PER_FETCH, fetchedFieldPaths, unavailableErrors } from '../src/unavailable-errors';

/** Where the errors of an unavailable subgraph point: at each field the failed fetch would have filled. */
describe('fetchedFieldPaths', () => {
  it('names each entity field of an _entities fetch, per representation and type', () => {
    const document = parse(`query($representations:[_Any!]!){_entities(representations:$representations){
      ...on Product{ __typename rating{average} reviews(first:5){ totalCount } }
      ...on ProductVariant{ stock{available} }
    }}`);
    const paths = fetchedFieldPaths(document, {
      representations: [
        { __typename: 'Product', id: 'a' },
        { __typename: 'ProductVariant', id: 'b' },
      ],
    });
    expect(paths).toEqual([
      ['_entities', 0, 'rating'],
      ['_entities', 0, 'reviews'],
      ['_entities', 1, 'stock'],
    ]);
  });

  it('follows named fragments and aliases', () => {
    const document = parse(`query($representations:[_Any!]!){_entities(representations:$representations){...F}}
      fragment F on Product { eur: priceRange(currency: EUR) { min { amount } } }`);
    expect(fetchedFieldPaths(document, { representations: [{ __typename: 'Product', id: 'a' }] })).toEqual([
      ['_entities', 0, 'eur'],
    ]);
  });

  it('names the root fields of a root fetch', () => {
    expect(fetchedFieldPaths(parse(`{ product(slug: "x") { id } __typename warehouses { totalCount } }`), {})).toEqual([
      ['product'],
      ['warehouses'],
    ]);
  });
});

describe('unavailableErrors', () => {
  it('carries the code, the subgraph and the reason, and nothing about where the subgraph lives', () => {
    const errors = unavailableErrors('reviews', 'timeout', { query: '{ review(id: "1") { id } }' });
    expect(errors).toEqual([
      {
        message: expect.stringContaining('reviews'),
        path: ['review'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'reviews', reason: 'timeout' },
      },
    ]);
  });

  it('bounds the errors of a large fetch and counts the rest in one more', () => {
    const representations = Array.from({ length: 300 }, (_, i) => ({ __typename: 'Product', id: String(i) }));
    const errors = unavailableErrors('reviews', 'unreachable', {
      query:
        'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{rating{count}}}}',
      variables: { representations },
    });
    expect(errors).toHaveLength(MAX_ERRORS_PER_FETCH);
    expect(errors.at(-1)).toMatchObject({ message: expect.stringContaining(`${300 - MAX_ERRORS_PER_FETCH + 1} more`) });
    expect(errors.at(-1)?.path).toBeUndefined();
  });

  it('still answers with one error when the query cannot be read', () => {
    expect(unavailableErrors('pricing', 'circuit-open', { query: '{ broken' })).toEqual([
      {
        message: expect.stringContaining('pricing'),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'pricing', reason: 'circuit-open' },
      },
    ]);
  });
});
