import { DomainError } from '../src/errors';
import {
  cursorPart,
  decodeCursor,
  encodeCursor,
  INVALID_CURSOR_MESSAGE,
  keysetConnection,
  pageWindow,
  type PageRequest,
  toConnection,
} from '../src/pagination';

describe('Relay pagination', () => {
  it('round-trips opaque cursors and rejects forged ones with BAD_USER_INPUT', () => {
    const cursor = encodeCursor(['2026-01-01T00:00:00Z', 'abc']);
    expect(decodeCursor(cursor, 2)).toEqual(['2026-01-01T00:00:00Z', 'abc']);
    for (const bad of ['not-base64!', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')]) {
      try {
        decodeCursor(bad, 2);
        throw new Error('expected a rejection');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: INVALID_CURSOR_MESSAGE });
      }
    }
  });

  it('caps the page size at 100 and refuses first with last', () => {
    expect(pageWindow({ first: 100 }, 1).limit).toBe(101);
    expect(() => pageWindow({ first: 101 }, 1)).toThrow(/between 0 and 100/);
    expect(() => pageWindow({ first: -1 }, 1)).toThrow(DomainError);
    expect(() => pageWindow({ first: 1, last: 1 }, 1)).toThrow(/either/);
    expect(pageWindow({}, 1).size).toBe(20);
  });

  it('builds pages that report neighbours correctly in both directions', () => {
    const rows = [1, 2, 3, 4];
    const forward = toConnection(
      rows,
      pageWindow({ first: 3 }, 1),
      (n) => [n],
      async () => rows.length,
    );
    expect(forward.nodes).toEqual([1, 2, 3]);
    expect(forward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    // Backward pages are fetched in reverse order and flipped.
    const backward = toConnection(
      [9, 8, 7],
      pageWindow({ last: 2, before: encodeCursor([10]) }, 1),
      (n) => [n],
      async () => 10,
    );
    expect(backward.nodes).toEqual([8, 9]);
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(decodeCursor(backward.pageInfo.startCursor!, 1)).toEqual([8]);
  });

  it('counts the whole list once, and only when asked', async () => {
    let counted = 0;
    const page = toConnection(
      [1, 2],
      pageWindow({ first: 5 }, 1),
      (n) => [n],
      async () => {
        counted++;
        return 42;
      },
    );
    expect(counted).toBe(0);
    expect(await Promise.all([page.totalCount(), page.totalCount()])).toEqual([42, 42]);
    expect(counted).toBe(1);
  });

  it('refuses a cursor whose positions have the wrong type with the same error as a malformed one', () => {
    const reads: [string, () => unknown][] = [
      ['another list', () => cursorPart.tag('s', 'w')],
      ['a number for a uuid', () => cursorPart.uuid(1)],
      ['a text for a uuid', () => cursorPart.uuid('not-a-uuid')],
      ['a bad date', () => cursorPart.time('yesterday')],
      ['a date JavaScript parses but never wrote', () => cursorPart.time('1')],
      ['an infinite number', () => cursorPart.number(null)],
      ['a fraction for an integer', () => cursorPart.integer(1.5)],
      ['a value where none belongs', () => cursorPart.none('x')],
    ];
    const refusals = reads.map(([label, read]) => {
      try {
        read();
        return { label, refused: null };
      } catch (error) {
        return {
          label,
          refused: error instanceof DomainError ? { code: error.code, message: error.message } : String(error),
        };
      }
    });
    expect(refusals).toEqual(
      reads.map(([label]) => ({ label, refused: { code: 'BAD_USER_INPUT', message: INVALID_CURSOR_MESSAGE } })),
    );
    expect(cursorPart.uuid('018f2b6e-0000-7000-8000-000000000000')).toBe('018f2b6e-0000-7000-8000-000000000000');
    expect(cursorPart.time('2026-01-31T14:05:00.000Z')).toBe('2026-01-31T14:05:00.000Z');
  });

  it('refuses `after` with `last` as it refuses `before` with `first`', () => {
    expect(() => pageWindow({ first: 1, before: encodeCursor([1]) }, 1)).toThrow(/`before` goes with `last`/);
    expect(() => pageWindow({ last: 1, after: encodeCursor([1]) }, 1)).toThrow(/`after` goes with `first`/);
  });

  it('pages a keyset list: decoded cursor and direction to the fetch, and a list that matches nothing', async () => {
    const rows = [10, 20, 30, 40, 50];
    const asked: PageRequest<number>[] = [];
    const list = (fetch: boolean) => ({
      cursorLength: 1,
      decode: ([at]: (string | number | boolean | null)[]) => cursorPart.integer(at),
      encode: (row: number) => [row],
      fetch: fetch
        ? async (page: PageRequest<number>) => {
            asked.push(page);
            const after = rows.filter((row) => page.cursor === null || row > page.cursor);
            return after.slice(0, page.limit);
          }
        : null,
      count: async () => rows.length,
    });
    const first = await keysetConnection({ first: 2 }, list(true));
    expect(first.nodes).toEqual([10, 20]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    await expect(first.totalCount()).resolves.toBe(5);
    const next = await keysetConnection({ first: 2, after: first.pageInfo.endCursor }, list(true));
    expect(next.nodes).toEqual([30, 40]);
    expect(asked).toEqual([
      { cursor: null, backward: false, limit: 3 },
      { cursor: 20, backward: false, limit: 3 },
    ]);
    const none = await keysetConnection({ first: 2, after: first.pageInfo.endCursor }, list(false));
    expect(none.nodes).toEqual([]);
    await expect(none.totalCount()).resolves.toBe(0);
    await expect(keysetConnection({ first: 2, after: encodeCursor(['x']) }, list(false))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: INVALID_CURSOR_MESSAGE,
    });
    expect(asked).toHaveLength(2);
  });
});
