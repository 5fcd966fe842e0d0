import { GraphQLError } from 'graphql';

/**
 * What the gateway reports when a subgraph answers with an HTTP error. @apollo/gateway's default is one
 * INTERNAL_SERVER_ERROR "400: Bad Request" with the subgraph's internal URL and raw body in `extensions`; a
 * subgraph that refused bad input (HTTP 400 + BAD_USER_INPUT) should reach the client as exactly that.
 */

interface SubgraphErrorBody {
  message?: unknown;
  extensions?: { code?: unknown; argumentPath?: unknown };
}

function graphQLErrorsOf(body: unknown): SubgraphErrorBody[] {
  if (!body || typeof body !== 'object') return [];
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.filter((e): e is SubgraphErrorBody => !!e && typeof e === 'object') : [];
}

/** Codes a subgraph may pass to the client as they are; anything else stays an internal error. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
]);

/** Keeps the HTTP status beside the error, so the data source can tell a failing subgraph (5xx) from an unreadable answer. */
export class SubgraphHttpError extends GraphQLError {
  constructor(
    message: string,
    readonly status: number,
    extensions: Record<string, unknown>,
  ) {
    super(message, { extensions });
  }
}

export function subgraphHttpError(subgraph: string, response: { status: number }, body: unknown): GraphQLError {
  const first = graphQLErrorsOf(body)[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  if (code && CLIENT_CODES.has(code) && typeof first?.message === 'string') {
    const argumentPath =
      typeof first.extensions?.argumentPath === 'string' ? { argumentPath: first.extensions.argumentPath } : {};
    return new GraphQLError(first.message, { extensions: { code, serviceName: subgraph, ...argumentPath } });
  }
  const fallback =
    response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'INTERNAL_SERVER_ERROR';
  return new SubgraphHttpError(`The ${subgraph} subgraph answered HTTP ${response.status}.`, response.status, {
    code: fallback,
    serviceName: subgraph,
  });
}
