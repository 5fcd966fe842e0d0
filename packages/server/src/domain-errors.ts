import { GraphQLError } from 'graphql';
import { forbidden, unauthenticated, type DomainError } from '@shop/core';

/**
 * Where a domain's plain errors become GraphQL: `extensions.code` is the error's code and `extensions.field` the
 * argument it blames. formatErrorFor applies it to whatever a resolver threw; authorization rules, which run in
 * this layer, build their errors with it directly, so shield sees GraphQL errors however the schema is executed.
 */
export function domainErrorExtensions(error: DomainError): { code: string; field?: string[] } {
  return { code: error.code, ...(error.field ? { field: error.field } : {}) };
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: domainErrorExtensions(error) });
}

export const forbiddenError = (message?: string): GraphQLError => toGraphQLError(forbidden(message));

export const unauthenticatedError = (message?: string): GraphQLError => toGraphQLError(unauthenticated(message));
