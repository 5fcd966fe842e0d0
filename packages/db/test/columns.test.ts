import { bigint, getTableConfig, pgSchema, text, uuid, type PgTable } from 'drizzle-orm/pg-core';
import { amountIn, createdAt, deletedAt, externalId, idKey, money, ownedBy, timestamps, updatedAt } from '../src';

/** What drizzle-kit generates a column from: the helpers must declare exactly what the long form did. */
function shapeOf(table: PgTable) {
  const config = getTableConfig(table);
  return {
    columns: config.columns.map((c) => ({
      name: c.name,
      type: c.getSQLType(),
      notNull: c.notNull,
      primary: c.primary,
      hasDefault: c.hasDefault,
    })),
    foreignKeys: config.foreignKeys.map((fk) => {
      const { columns, foreignColumns } = fk.reference();
      return {
        columns: columns.map((c) => c.name),
        foreign: foreignColumns.map((c) => c.name),
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
      };
    }),
  };
}

const schema = pgSchema('columns_test');
const parents = schema.table('parents', { id: uuid('id').primaryKey() });

describe('column helpers', () => {
  it('declare the same columns and references as the long form they replace', () => {
    const short = schema.table('short', {
      id: idKey(),
      parentId: ownedBy('parent_id', () => parents.id, 'cascade'),
      otherId: ownedBy('other_id', () => parents.id),
      userId: externalId('user_id'),
      ...amountIn(),
      fee: money('fee'),
      ...timestamps(),
      deletedAt: deletedAt(),
    });
    const long = schema.table('long', {
      id: uuid('id').primaryKey(),
      parentId: uuid('parent_id')
        .notNull()
        .references(() => parents.id, { onDelete: 'cascade' }),
      otherId: uuid('other_id')
        .notNull()
        .references(() => parents.id),
      userId: uuid('user_id').notNull(),
      amount: bigint('amount', { mode: 'bigint' }).notNull(),
      currency: text('currency').notNull(),
      fee: bigint('fee', { mode: 'bigint' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
      deletedAt: deletedAt(),
    });
    expect(shapeOf(short)).toEqual(shapeOf(long));
    expect(shapeOf(short).columns.find((c) => c.name === 'created_at')).toMatchObject({
      type: 'timestamp (3) with time zone',
      notNull: true,
      hasDefault: true,
    });
  });
});
