import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isBadInputSqlState, isDatabaseError, scrubMessage, sqlStateOf, stackFrames, type Logger } from '@shop/core';

/**
 * The part of error formatting that decides what a response may reveal (formatErrorFor in subgraph.ts decides
 * masking and codes). Shared by the gateway and every subgraph.
 */

const BAD_VALUE_MESSAGE = 'A value in this request is out of range or not valid.';

function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError ? (error.originalError ?? error) : error;
}

/**
 * A database error never shows its message (SQL text, parameters, offending values), masked or not. One the
 * request caused (a value out of range, a malformed uuid, text the encoding refuses) is the caller's
 * BAD_USER_INPUT; any other is an internal error, with stack frames only when errors are unmasked. Returns null
 * when the error did not come from the database.
 */
export function databaseErrorResponse(
  formatted: GraphQLFormattedError,
  error: unknown,
  mask: boolean,
  logger: Logger,
): GraphQLFormattedError | null {
  const original = originalOf(error);
  if (!isDatabaseError(original)) return null;
  const sqlState = sqlStateOf(original);
  if (sqlState && isBadInputSqlState(sqlState)) {
    // Expected enough not to page anyone, but worth seeing: a validation the code should do itself is missing.
    logger.warn({ err: original, path: formatted.path }, 'database refused a value from the request');
    return { message: BAD_VALUE_MESSAGE, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected database error');
  const extensions: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR' };
  if (!mask) {
    extensions.sqlState = sqlState ?? undefined;
    extensions.stacktrace = stackFrames(original instanceof Error ? original.stack : undefined);
  }
  return { message: mask ? 'Internal server error' : 'Database query failed.', path: formatted.path, extensions };
}

/**
 * Any other error keeps its message and code, minus internal addresses; a stack trace (unmasked only) keeps
 * its frames, not its header, which repeats the message of whatever was thrown. `extensions.response` is what
 * @apollo/gateway attaches to a failed subgraph fetch: the subgraph's internal URL and raw body.
 */
export function withoutInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { response: _response, exception: _exception, ...extensions } = formatted.extensions ?? {};
  if (Array.isArray(extensions.stacktrace)) {
    extensions.stacktrace = extensions.stacktrace.filter(
      (line): line is string => typeof line === 'string' && /^\s+at /.test(line),
    );
  }
  const result: GraphQLFormattedError = { ...formatted, message: scrubMessage(formatted.message) };
  return formatted.extensions ? { ...result, extensions } : result;
}

/**
 * Apollo Server refuses some requests with a GraphQLError that carries an HTTP 4xx but no code (an unsupported
 * persisted-query version, a hash that does not match its query), which would be formatted as
 * INTERNAL_SERVER_ERROR, masked and logged at error level. The status says whose fault it is: the client's.
 */
export function isCodelessClientRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code != null) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
