import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { z } from 'zod';
import { parseEnv } from '@shop/core';

/**
 * How much of the schema a server tells strangers. Production keeps both off: introspection hands out the
 * whole schema, and graphql-js's "Did you mean …?" hints leak it one field name at a time to anyone who
 * guesses near one. Development and the embedded runtime keep both on (Sandbox needs introspection).
 */
export interface SchemaExposure {
  /** Answer `__schema` / `__type` queries. */
  introspection: boolean;
  /** Keep graphql-js's "Did you mean …?" hints in error messages. */
  suggestions: boolean;
}

const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

/**
 * GRAPHQL_INTROSPECTION and GRAPHQL_SUGGESTIONS, each defaulting to on outside production and off in it.
 * A value that is not a boolean stops the process with a message naming the variable.
 */
export function schemaExposureFromEnv(
  productionByDefault: boolean,
  source: NodeJS.ProcessEnv = process.env,
): SchemaExposure {
  const config = parseEnv({ GRAPHQL_INTROSPECTION: optionalBool, GRAPHQL_SUGGESTIONS: optionalBool }, source);
  return {
    introspection: config.GRAPHQL_INTROSPECTION ?? !productionByDefault,
    suggestions: config.GRAPHQL_SUGGESTIONS ?? !productionByDefault,
  };
}

/**
 * graphql-js appends its hints as " Did you mean X?" or " Did you mean X, Y, or Z?"; GraphQL names cannot
 * contain "?", so the hint ends at the first one. Validation errors ("Cannot query field …") and variable
 * errors ("Value … does not exist in … enum", "Field … is not defined by type …") both carry them.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export const withoutSuggestions = (text: string): string => text.replace(SUGGESTION, '');

function stripError(error: GraphQLFormattedError): GraphQLFormattedError {
  const stacktrace = error.extensions?.stacktrace;
  return {
    ...error,
    message: withoutSuggestions(error.message),
    ...(Array.isArray(stacktrace)
      ? {
          extensions: {
            ...error.extensions,
            stacktrace: (stacktrace as unknown[]).map((line) =>
              typeof line === 'string' ? withoutSuggestions(line) : line,
            ),
          },
        }
      : {}),
  };
}

/**
 * Removes the hints from every error a response carries, after formatError, so it covers validation,
 * variable coercion and execution errors alike while the error itself (message, code, locations) stays.
 * Apollo's own `hideSchemaDetailsFromClientErrors` only reaches validation errors.
 */
export function hideSuggestionsPlugin<Ctx extends ApolloBaseContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const { body } = response;
          if (body.kind === 'single') {
            if (body.singleResult.errors) body.singleResult.errors = body.singleResult.errors.map(stripError);
          } else {
            const { initialResult } = body;
            if (initialResult.errors) initialResult.errors = initialResult.errors.map(stripError);
          }
        },
      };
    },
  };
}
