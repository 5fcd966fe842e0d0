import { integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { and, eq } from 'drizzle-orm';
import {
  attachPglite,
  countRows,
  insertRow,
  lockRowWhere,
  openPglite,
  rowWhere,
  rowsWhereIn,
  sql,
  updateRowById,
} from '../src';

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

describe('shared store statements', () => {
  it('inserts and counts rows, reads a batch of keys in the order asked, and updates one row by id bumping updated_at', async () => {
    const pg = await openPglite(undefined);
    try {
      const { db } = attachPglite(pg, 'rows_test');
      await db.execute(sql`create schema rows_test`);
      await db.execute(
        sql`create table rows_test.notes (id uuid primary key, owner_id text not null, position integer not null,
            body text not null, updated_at timestamptz not null)`,
      );
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
      await db.transaction(async (tx) => {
        expect(await lockRowWhere(tx, notes, and(eq(notes.ownerId, 'u2'), eq(notes.position, 1)))).toMatchObject({
          id: B,
          body: 'b',
        });
        expect(await lockRowWhere(tx, notes, eq(notes.id, MISSING))).toBeUndefined();
      });
    } finally {
      await pg.close();
    }
  });
});
