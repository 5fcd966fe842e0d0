import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { integer, pgSchema, text, uuid } from 'drizzle-orm/pg-core';
import { and, eq } from 'drizzle-orm';
import { createLogger } from '@shop/core';
import { connectPostgres, lockRowWithChildren, sql, writeInOneStatement, type Database } from '../src';

/** Real PostgreSQL (the locking is what is tested): a database of this run's own, dropped afterwards. */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `test_statements_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

const schema = pgSchema('statements_test');
const parents = schema.table('parents', { id: uuid('id').primaryKey(), state: text('state').notNull() });
const children = schema.table('children', {
  id: uuid('id').primaryKey(),
  parentId: uuid('parent_id')
    .notNull()
    .references(() => parents.id),
  position: integer('position').notNull(),
});

const P = '00000000-0000-4000-8000-0000000000a1';
const Q = '00000000-0000-4000-8000-0000000000a2';
const child = (n: number, parentId = P) => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  parentId,
  position: n,
});

let database: Database;
let other: Database;
beforeAll(async () => {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const logger = createLogger('statements-test', 'silent');
  database = await connectPostgres({ url: url.toString(), schemaName: 'statements_test', logger, maxConnections: 2 });
  other = await connectPostgres({ url: url.toString(), schemaName: 'statements_test', logger, maxConnections: 1 });
  await database.db.execute(sql`create schema statements_test`);
  await database.db.execute(sql`create table statements_test.parents (id uuid primary key, state text not null)`);
  await database.db.execute(
    sql`create table statements_test.children (id uuid primary key, parent_id uuid not null references statements_test.parents (id), position integer not null)`,
  );
});
afterAll(async () => {
  await database?.close();
  await other?.close();
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

describe('writeInOneStatement', () => {
  it('writes a parent and its children in one statement (foreign keys checked at its end) and counts each write', async () => {
    const before = database.stats.statements;
    const counts = await writeInOneStatement(database.db, [
      database.db.insert(children).values([child(2), child(1)]),
      database.db.insert(parents).values({ id: P, state: 'OPEN' }),
      database.db.update(parents).set({ state: 'never' }).where(eq(parents.id, Q)),
    ]);
    expect(database.stats.statements - before).toBe(1);
    expect(counts).toEqual([2, 1, 0]);
    expect(await database.db.select().from(children).where(eq(children.parentId, P))).toHaveLength(2);
  });

  it('writes nothing when one of the writes fails', async () => {
    await expect(
      writeInOneStatement(database.db, [
        database.db.insert(parents).values({ id: Q, state: 'OPEN' }),
        database.db.insert(children).values(child(1)), // the same id as an existing child
      ]),
    ).rejects.toThrow();
    expect(await database.db.select().from(parents).where(eq(parents.id, Q))).toEqual([]);
  });
  it('takes composite writes with their own CTEs, counted by their own expression, beside plain ones', async () => {
    const R = '00000000-0000-4000-8000-0000000000a3';
    const before = database.stats.statements;
    const counts = await writeInOneStatement(database.db, [
      {
        ctes: [
          sql`made as (insert into statements_test.parents (id, state) values (${R}::uuid, 'MADE') returning id)`,
          sql`kids as (insert into statements_test.children (id, parent_id, position)
                select ${'00000000-0000-4000-8000-000000000199'}::uuid, made.id, 9 from made returning 1)`,
        ],
        count: sql`select count(*) from kids`,
      },
      database.db.update(parents).set({ state: 'OPEN' }).where(eq(parents.id, P)),
    ]);
    expect(database.stats.statements - before).toBe(1);
    expect(counts).toEqual([1, 1]);
    expect(await database.db.select().from(children).where(eq(children.parentId, R))).toHaveLength(1);
    // Only composite writes without CTEs: still one statement, counted as they say.
    expect(await writeInOneStatement(database.db, [{ ctes: [], count: sql`select 0` }])).toEqual([0]);
  });
});

describe('lockRowWithChildren', () => {
  it('answers the row with its children in order, and nothing for an unknown id', async () => {
    const found = await lockRowWithChildren(database.db, parents, P, children, children.parentId, [children.position]);
    expect(found?.row).toEqual({ id: P, state: 'OPEN' });
    expect(found?.children.map((c) => c.position)).toEqual([1, 2]);
    expect(await lockRowWithChildren(database.db, parents, Q, children, children.parentId, [])).toBeUndefined();
  });

  it('answers a row without children with none', async () => {
    await database.db.insert(parents).values({ id: Q, state: 'OPEN' });
    const found = await lockRowWithChildren(database.db, parents, Q, children, children.parentId, []);
    expect(found).toEqual({ row: { id: Q, state: 'OPEN' }, children: [] });
  });

  it('holds the parent row locked until commit, and only the parent row', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.db.transaction(async (tx) => {
      await lockRowWithChildren(tx, parents, P, children, children.parentId, [children.position]);
      locked();
      await released;
    });
    await isLocked;
    // The parent row: a NOWAIT lock from another connection is refused while the first transaction holds it.
    await expect(
      other.db.transaction((tx) => tx.select().from(parents).where(eq(parents.id, P)).for('update', { noWait: true })),
    ).rejects.toThrow();
    // A child row is not locked.
    const childLock = await other.db.transaction((tx) =>
      tx
        .select()
        .from(children)
        .where(and(eq(children.parentId, P), eq(children.position, 1)))
        .for('update', { noWait: true }),
    );
    expect(childLock).toHaveLength(1);
    release();
    await holder;
    const after = await other.db.transaction((tx) =>
      tx.select().from(parents).where(eq(parents.id, P)).for('update', { noWait: true }),
    );
    expect(after).toHaveLength(1);
  });
});
