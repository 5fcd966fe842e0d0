/**
 * PostgreSQL constraint violations, recognised through the driver's error (drizzle wraps it in `cause`):
 * postgres.js names the constraint `constraint_name`, PGlite (pg-protocol) `constraint`.
 * Use cases turn them into userErrors: a unique index is the only check that holds under concurrency,
 * so the friendly pre-checks are backed by this.
 */
export interface ConstraintViolation {
  kind: 'unique' | 'foreign_key';
  /** Constraint or index name, e.g. `products_slug_live_key`. */
  constraint: string;
  /** The server's detail line, e.g. `Key (lower(sku))=(ab-1) already exists.` */
  detail: string;
}

const SQLSTATE_KIND: Record<string, ConstraintViolation['kind']> = {
  '23505': 'unique',
  '23503': 'foreign_key',
};

export function constraintViolationOf(error: unknown): ConstraintViolation | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
      detail?: unknown;
      cause?: unknown;
    };
    const kind = typeof candidate.code === 'string' ? SQLSTATE_KIND[candidate.code] : undefined;
    if (kind) {
      return {
        kind,
        constraint:
          typeof candidate.constraint_name === 'string'
            ? candidate.constraint_name
            : typeof candidate.constraint === 'string'
              ? candidate.constraint
              : '',
        detail: typeof candidate.detail === 'string' ? candidate.detail : '',
      };
    }
    current = candidate.cause;
  }
  return null;
}
