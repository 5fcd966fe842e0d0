import { GraphQLError } from 'graphql';
import { Writable } from 'node:stream';
import { badInput, createLogger, forbidden, invalidCursor, unauthenticated, type DomainError } from '@shop/core';
import { formatErrorFor } from '../src';

/** What Apollo hands formatError for a plain error a resolver threw: no code of its own yet. */
function asApolloWould(
  error: DomainError,
): [{ message: string; path: string[]; extensions: Record<string, unknown> }, GraphQLError] {
  const wrapped = new GraphQLError(error.message, { originalError: error, path: ['products'] });
  return [{ message: wrapped.message, path: ['products'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped];
}

describe('domain errors in the server layer', () => {
  it.each([
    [
      'bad input naming its field',
      badInput('Search terms are at most 200 characters.', ['filter', 'search']),
      'BAD_USER_INPUT',
      ['filter', 'search'],
    ],
    ['a cursor the list did not issue', invalidCursor(), 'BAD_USER_INPUT', ['after|before']],
    ['no session', unauthenticated(), 'UNAUTHENTICATED', undefined],
    ['no right', forbidden('Staff only.'), 'FORBIDDEN', undefined],
  ] as const)(
    'gives %s its code and field, masked or not, and logs nothing at error level',
    (_what, error, code, field) => {
      for (const mask of [false, true]) {
        const lines: string[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        });
        const logger = createLogger('domain-errors', 'info', sink);
        const answer = formatErrorFor(logger, mask)(...asApolloWould(error));
        expect(answer).toEqual({
          message: error.message,
          path: ['products'],
          extensions: { code, ...(field ? { field: [...field] } : {}) },
        });
        expect(lines.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
      }
    },
  );
});
