/** Stable `extensions.code` values for GraphQL errors (the unexpected or the unauthorized). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The client's cost budget is spent (HTTP 429 with Retry-After). */
  THROTTLED: 'THROTTLED',
  /** The operation breaks a cost, alias or root-field limit; refused before any subgraph is called. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes a domain may throw with; the rest belong to the server and the gateway. */
export type DomainErrorCode =
  typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN | typeof ErrorCode.BAD_USER_INPUT;

/**
 * A failure the caller caused (bad input, no session, no right), thrown by the domain as a plain value: the
 * domain knows nothing of GraphQL, and the server layer (packages/server formatErrorFor) gives clients
 * `extensions.code` = `code` and `extensions.field` = `field`, never masked. Anything else thrown is a bug.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Path to the offending argument, e.g. ['filter', 'search'], when one is to blame. */
    readonly field?: string[],
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const forbidden = (message = 'You are not allowed to do this.'): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, message);

export const unauthenticated = (message = 'Sign in to do this.'): DomainError =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);

export const badInput = (message: string, field?: string[]): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, field);
