import { GraphQLError } from 'graphql';

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

export const forbidden = (message = 'You are not allowed to do this.'): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 200 } } });

export const unauthenticated = (message = 'Sign in to do this.'): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });

export const badInput = (message: string, field?: string[]): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
