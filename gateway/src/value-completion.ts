import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { GraphQLError } from 'graphql';

type GatewayInterface = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];
type ExecutionResult = Awaited<ReturnType<Awaited<ReturnType<ApolloGateway['load']>>['executor']>>;

/**
 * @apollo/gateway (2.x, executeQueryPlan.js) reports the errors it finds while shaping the final response (a
 * subgraph returned null for a non-null field, a wrong __typename) in `extensions.valueCompletion` instead of
 * `errors`, and only when no subgraph fetch failed. Clients and Apollo Server's error pipeline look at `errors`
 * only, so the parent silently became null. This moves them into `errors`, re-coded INTERNAL_SERVER_ERROR (a
 * subgraph broke its schema contract: our bug, logged by formatError and masked in production like any other).
 */
export function surfacingValueCompletionErrors(result: ExecutionResult): ExecutionResult {
  const { valueCompletion, ...extensions } = (result.extensions ?? {}) as { valueCompletion?: unknown } & Record<string, unknown>;
  if (!Array.isArray(valueCompletion) || valueCompletion.length === 0) return result;
  const completionErrors = valueCompletion.map(
    (error: unknown) =>
      new GraphQLError(error instanceof Error ? error.message : 'A subgraph returned an invalid value.', {
        path: error instanceof GraphQLError ? error.path : undefined,
        // No originalError: formatError would take federation's INVALID_GRAPHQL code from it, which is not the client's fault.
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
  );
  const { extensions: _dropped, ...rest } = result;
  return {
    ...rest,
    errors: [...(result.errors ?? []), ...completionErrors],
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

/** The gateway, with every execution result passed through `surfacingValueCompletionErrors`. */
export function withValueCompletionErrors(gateway: ApolloGateway): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const { executor } = loaded;
      return { ...loaded, executor: async (requestContext) => surfacingValueCompletionErrors(await executor(requestContext)) };
    },
  };
}
