import { failMany } from '@shop/core';
import type { Db, Tx } from '@shop/db';
import { constraintViolationOf, type ConstraintViolation } from '../db/pg-errors';
import type { UsersResult, UsersUserError } from './errors';

class Rollback extends Error {
  constructor(readonly result: UsersResult<never>) {
    super('rolled back: the use case returned userErrors');
  }
}

/**
 * Runs one use case in one transaction. A result with userErrors rolls everything back, so bad input never
 * leaves partial state, and an event is committed with its change or not at all. A constraint violation (the
 * only check that holds under concurrency) becomes a userError through `onViolation`; anything else is a bug
 * and is rethrown.
 */
export async function runInTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<UsersResult<T>>,
  onViolation?: (violation: ConstraintViolation) => UsersUserError | null,
): Promise<UsersResult<T>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    const violation = constraintViolationOf(error);
    const mapped = violation && onViolation ? onViolation(violation) : null;
    if (mapped) return failMany([mapped]);
    throw error;
  }
}
