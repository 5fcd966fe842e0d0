import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageWindow, toConnection } from '../src/pagination';

describe('Relay pagination', () => {
  it('round-trips opaque cursors and rejects forged ones with BAD_USER_INPUT', () => {
    const cursor = encodeCursor(['2026-01-01T00:00:00Z', 'abc']);
    expect(decodeCursor(cursor, 2)).toEqual(['2026-01-01T00:00:00Z', 'abc']);
    for (const bad of ['not-base64!', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')]) {
      try {
        decodeCursor(bad, 2);
        throw new Error('expected a rejection');
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('caps the page size at 100 and refuses first with last', () => {
    expect(pageWindow({ first: 100 }, 1).limit).toBe(101);
    expect(() => pageWindow({ first: 101 }, 1)).toThrow(/between 0 and 100/);
    expect(() => pageWindow({ first: -1 }, 1)).toThrow(GraphQLError);
    expect(() => pageWindow({ first: 1, last: 1 }, 1)).toThrow(/either/);
    expect(pageWindow({}, 1).size).toBe(20);
  });

  it('builds pages that report neighbours correctly in both directions', () => {
    const rows = [1, 2, 3, 4];
    const forward = toConnection(rows, pageWindow({ first: 3 }, 1), (n) => [n]);
    expect(forward.nodes).toEqual([1, 2, 3]);
    expect(forward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    // Backward pages are fetched in reverse order and flipped.
    const backward = toConnection([9, 8, 7], pageWindow({ last: 2, before: encodeCursor([10]) }, 1), (n) => [n]);
    expect(backward.nodes).toEqual([8, 9]);
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(decodeCursor(backward.pageInfo.startCursor!, 1)).toEqual([8]);
  });
});
