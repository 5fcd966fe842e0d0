import { clearLoaders, manyBy, manyEach, oneById, oneEach } from '../src';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

interface Row {
  id: string;
  ownerId: string | null;
}

/** A batch function that records what it was asked and answers in an order of its own. */
function table(rows: Row[]) {
  const asked: string[][] = [];
  const fetch = async (keys: string[]) => {
    asked.push(keys);
    return rows.filter((r) => keys.includes(r.id) || (r.ownerId !== null && keys.includes(r.ownerId))).reverse();
  };
  return { asked, fetch };
}

describe('batch loaders', () => {
  it('answers one row or null per key, in key order, with one fetch per tick', async () => {
    const { asked, fetch } = table([
      { id: A, ownerId: null },
      { id: B, ownerId: null },
    ]);
    const loader = oneEach(fetch, (r) => r.id);
    expect(await Promise.all([loader.load(B), loader.load(C), loader.load(A)])).toEqual([
      { id: B, ownerId: null },
      null,
      { id: A, ownerId: null },
    ]);
    expect(asked).toEqual([[B, C, A]]);
  });

  it('looks entities up by id with oneById: rows in key order, malformed ids never asked for', async () => {
    const { asked, fetch } = table([
      { id: A, ownerId: B },
      { id: C, ownerId: null },
    ]);
    const loader = oneById(fetch);
    expect(await Promise.all([loader.load(C), loader.load('not-a-uuid'), loader.load(A)])).toEqual([
      { id: C, ownerId: null },
      null,
      { id: A, ownerId: B },
    ]);
    expect(asked).toEqual([[C, A]]);
  });

  it('answers a malformed id with null without asking the database, unless keys are not ids', async () => {
    const { asked, fetch } = table([]);
    expect(await oneEach(fetch, (r) => r.id).load('not-a-uuid')).toBeNull();
    expect(asked).toEqual([]);
    await oneEach(fetch, (r) => r.id, { onlyUuids: false }).load('a-slug');
    expect(asked).toEqual([['a-slug']]);
  });

  it('answers a list per key in fetch order, [] for none, and skips rows without a key', async () => {
    const rows = [
      { id: B, ownerId: A },
      { id: C, ownerId: A },
      { id: A, ownerId: null },
    ];
    const { fetch } = table(rows);
    const loader = manyEach(fetch, (r) => r.ownerId);
    expect(await Promise.all([loader.load(A), loader.load(B)])).toEqual([[rows[1], rows[0]], []]);
    // manyBy names the key field instead of a function: the same lists.
    const byField = manyBy(table(rows).fetch, 'ownerId');
    expect(await Promise.all([byField.load(A), byField.load(B)])).toEqual([[rows[1], rows[0]], []]);
  });

  it('forgets what every loader loaded', async () => {
    const { asked, fetch } = table([{ id: A, ownerId: null }]);
    const loaders = { byId: oneEach(fetch, (r) => r.id), byOwner: manyEach(fetch, (r) => r.ownerId) };
    await loaders.byId.load(A);
    await loaders.byId.load(A);
    clearLoaders(loaders);
    await loaders.byId.load(A);
    expect(asked).toEqual([[A], [A]]);
  });
});
