import { failMany, type Result, type UserError } from '@shop/core';
import { constraintViolationOf, type ConstraintViolation } from './constraint-violation';
import type { Db, Tx } from './database';

class Rollback<Code extends string> extends Error {
  constructor(readonly result: { ok: false; errors: UserError<Code>[] }) {
    super('rolled back: the use case returned userErrors');
  }
}

/**
 * Runs one use case in one transaction. A result with userErrors rolls everything back, so bad input never
 * leaves partial state, and an outbox event is committed with its change or not at all. A constraint violation
 * (the only check that holds under concurrency) becomes a userError through `onViolation`; anything else is a
 * bug and is rethrown.
 */
export async function runInTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
  onViolation?: (violation: ConstraintViolation) => UserError<Code> | null,
): Promise<Result<T, Code>> {
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
