import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { notDeleted, oneOf, statusIs } from '../src';

/** The text drizzle-kit writes into a partial index's WHERE: the helpers must write what the schemas wrote by hand. */
const textOf = (condition: SQL) => new PgDialect().sqlToQuery(condition);

describe('partial index conditions', () => {
  it('write the same SQL text as the hand-written conditions they replace, with no parameters', () => {
    expect(textOf(statusIs('ACTIVE'))).toEqual(textOf(sql`status = 'ACTIVE'`));
    expect(textOf(statusIs('PENDING', 'ABANDONED'))).toEqual(textOf(sql`status in ('PENDING', 'ABANDONED')`));
    expect(textOf(oneOf('state', 'RUNNING', 'WAITING', 'COMPENSATING'))).toEqual(
      textOf(sql`state in ('RUNNING', 'WAITING', 'COMPENSATING')`),
    );
    expect(textOf(notDeleted())).toEqual({ sql: 'deleted_at is null', params: [] });
  });
});
