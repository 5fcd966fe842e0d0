import { pgSchema, text, uuid } from 'drizzle-orm/pg-core';
import { ensureRows } from '../src';
import { withScratchSchema } from './scratch';

const places = pgSchema('ensure_rows_test').table('places', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';

describe('ensureRows', () => {
  it('inserts only the missing keys and answers the ids holding each key now, in the order asked', async () => {
    const ddl = [
      'create table ensure_rows_test.places (id uuid primary key, code text not null unique, name text not null)',
    ];
    await withScratchSchema('ensure_rows_test', ddl, async (db) => {
      const first = [
        { id: A, code: 'MAIN', name: 'Main' },
        { id: B, code: 'EAST', name: 'East' },
      ];
      expect(await ensureRows(db, places, places.code, first, (p) => p.code)).toEqual([A, B]);

      const second = [
        { id: C, code: 'WEST', name: 'West' },
        { id: D, code: 'MAIN', name: 'Main again' },
      ];
      expect(await ensureRows(db, places, places.code, second, (p) => p.code)).toEqual([C, A]);

      const rows = await db.select().from(places).orderBy(places.code);
      expect(rows).toEqual([
        { id: B, code: 'EAST', name: 'East' },
        { id: A, code: 'MAIN', name: 'Main' },
        { id: C, code: 'WEST', name: 'West' },
      ]);
    });
  });
});
