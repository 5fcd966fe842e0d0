import { integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import {
  countRows,
  deleteReturning,
  deleteRowsWhere,
  idPage,
  insertRow,
  lockRowWhere,
  rowsByIds,
  rowsByKeys,
  rowWhere,
  rowsWhereIn,
  updateRowById,
  type KeysetPage,
} from '../src';
import { withScratchSchema } from './scratch';

const notes = pgSchema('rows_test').table('notes', {
  id: uuid('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  position: integer('position').notNull(),
  body: text('body').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const MISSING = '00000000-0000-4000-8000-0000000000ff';
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

const withNotes = (run: Parameters<typeof withScratchSchema>[2]) =>
  withScratchSchema(
    'rows_test',
    [
      `create table rows_test.notes (id uuid primary key, owner_id text not null, position integer not null,
       body text not null, updated_at timestamptz not null)`,
    ],
    run,
  );

describe('shared store statements', () => {
  it('inserts and counts rows, reads a batch of keys in the order asked, and updates one row by id bumping updated_at', async () => {
    await withNotes(async (db) => {
      await db.insert(notes).values([
        { id: A, ownerId: 'u1', position: 2, body: 'a', updatedAt: LONG_AGO },
        { id: B, ownerId: 'u2', position: 1, body: 'b', updatedAt: LONG_AGO },
      ]);
      const inserted = await insertRow(db, notes, {
        id: C,
        ownerId: 'u1',
        position: 1,
        body: 'c',
        updatedAt: LONG_AGO,
      });
      expect(inserted).toEqual({ id: C, ownerId: 'u1', position: 1, body: 'c', updatedAt: LONG_AGO });
      expect(await countRows(db, notes, undefined)).toBe(3);
      expect(await countRows(db, notes, eq(notes.ownerId, 'u1'))).toBe(2);
      expect(await countRows(db, notes, eq(notes.ownerId, 'nobody'))).toBe(0);

      expect(await rowsWhereIn(db, notes, notes.id, [])).toEqual([]);
      const byId = await rowsWhereIn(db, notes, notes.id, [A, MISSING, B]);
      expect(byId.map((n) => n.id).sort()).toEqual([A, B]);
      const byOwner = await rowsWhereIn(db, notes, notes.ownerId, ['u1', 'u2'], [notes.ownerId, notes.position]);
      expect(byOwner.map((n) => n.body)).toEqual(['c', 'a', 'b']);

      const updated = await updateRowById(db, notes, A, { body: 'a2' });
      expect(updated).toMatchObject({ id: A, body: 'a2', position: 2 });
      expect(updated!.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
      const untouched = await updateRowById(db, notes, B, {});
      expect(untouched).toMatchObject({ id: B, body: 'b' });
      expect(untouched!.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
      expect(await updateRowById(db, notes, MISSING, { body: 'x' })).toBeUndefined();
      const [c] = await rowsWhereIn(db, notes, notes.id, [C]);
      expect(c).toMatchObject({ body: 'c', updatedAt: LONG_AGO });

      expect(await rowWhere(db, notes, and(eq(notes.ownerId, 'u1'), eq(notes.position, 1)))).toMatchObject({ id: C });
      expect(await rowWhere(db, notes, eq(notes.ownerId, 'nobody'))).toBeUndefined();
      expect(await rowWhere(db, notes, eq(notes.ownerId, 'u1'), [notes.position])).toMatchObject({ id: C });
      expect(await rowWhere(db, notes, eq(notes.ownerId, 'u1'), [desc(notes.position)])).toMatchObject({ id: A });
      await db.transaction(async (tx) => {
        expect(await lockRowWhere(tx, notes, and(eq(notes.ownerId, 'u2'), eq(notes.position, 1)))).toMatchObject({
          id: B,
          body: 'b',
        });
        expect(await lockRowWhere(tx, notes, eq(notes.id, MISSING))).toBeUndefined();
      });
    });
  });

  it('reads a batch by id or by key, pages by id either way with a filter, and deletes what matches, counting it or returning a column', async () => {
    await withNotes(async (db) => {
      await db.insert(notes).values(
        [A, B, C].map((id, i) => ({
          id,
          ownerId: i === 1 ? 'u2' : 'u1',
          position: i,
          body: id,
          updatedAt: LONG_AGO,
        })),
      );
      const notesByIds = rowsByIds(notes);
      expect((await notesByIds(db, [C, MISSING, A])).map((n) => n.id).sort()).toEqual([A, C]);
      expect(await notesByIds(db, [])).toEqual([]);
      const u1First = await rowsWhereIn(
        db,
        notes,
        notes.ownerId,
        ['u1', 'u2'],
        [notes.position],
        eq(notes.position, 0),
      );
      expect(u1First.map((n) => n.id)).toEqual([A]);
      const notesOfOwners = rowsByKeys(notes, notes.ownerId, [notes.ownerId, notes.position]);
      expect((await notesOfOwners(db, ['u2', 'u1'])).map((n) => n.id)).toEqual([A, C, B]);
      expect(await notesOfOwners(db, [])).toEqual([]);
      const firstOfOwners = rowsByKeys(notes, notes.ownerId, [], eq(notes.position, 0));
      expect((await firstOfOwners(db, ['u1', 'u2'])).map((n) => n.id)).toEqual([A]);

      const ids = async (where: SQL | undefined, order: 'asc' | 'desc', page: KeysetPage<string>) =>
        (await idPage(db, notes, where, order, page)).map((n) => n.id);
      expect(await ids(undefined, 'asc', { cursor: null, backward: false, limit: 2 })).toEqual([A, B]);
      expect(await ids(undefined, 'asc', { cursor: B, backward: false, limit: 2 })).toEqual([C]);
      expect(await ids(undefined, 'desc', { cursor: null, backward: false, limit: 5 })).toEqual([C, B, A]);
      expect(await ids(eq(notes.ownerId, 'u1'), 'desc', { cursor: C, backward: false, limit: 5 })).toEqual([A]);
      // Backward from A in a newest-first list: the rows before it, read in reverse (the connection flips them).
      expect(await ids(eq(notes.ownerId, 'u1'), 'desc', { cursor: A, backward: true, limit: 5 })).toEqual([C]);

      expect(await deleteRowsWhere(db, notes, eq(notes.ownerId, 'nobody'))).toBe(0);
      expect(await deleteRowsWhere(db, notes, eq(notes.position, 0))).toBe(1);
      expect(await countRows(db, notes, undefined)).toBe(2);
      expect(await deleteReturning(db, notes, eq(notes.ownerId, 'nobody'), notes.body)).toEqual([]);
      expect((await deleteReturning(db, notes, undefined, notes.ownerId)).sort()).toEqual(['u1', 'u2']);
      expect(await countRows(db, notes, undefined)).toBe(0);
    });
  });
});
