import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { missingEntitiesOf } from './missing-entities';

type GatewayInterface = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];
type ExecutionResult = Awaited<ReturnType<Awaited<ReturnType<ApolloGateway['load']>>['executor']>>;

/**
 * @apollo/gateway (2.x, executeQueryPlan.js) reports the errors it finds while shaping the final response (a
 * subgraph returned null for a non-null field, a wrong __typename) in `extensions.valueCompletion` instead of
 * `errors`, and only when no subgraph fetch failed. Clients and Apollo Server's error pipeline look at `errors`
 * only, so the parent silently became null. This moves them into `errors`, re-coded INTERNAL_SERVER_ERROR (a
 * subgraph broke its schema contract: our bug, logged by formatError and masked in production like any other).
 */
export function surfacingValueCompletionErrors(result: ExecutionResult, missingEntities = 0): ExecutionResult {
  const { valueCompletion, ...extensions } = (result.extensions ?? {}) as { valueCompletion?: unknown } & Record<
    string,
    unknown
  >;
  if (!Array.isArray(valueCompletion)) return result;
  const completionErrors = withoutMissingEntities(valueCompletion, missingEntities).map(
    (error: unknown) =>
      new GraphQLError(error instanceof Error ? error.message : 'A subgraph returned an invalid value.', {
        path: error instanceof GraphQLError ? error.path : undefined,
        // No originalError: formatError would take federation's INVALID_GRAPHQL code from it, which is not the client's fault.
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
  );
  const { extensions: _dropped, ...rest } = result;
  const errors = [...(result.errors ?? []), ...completionErrors];
  return {
    ...rest,
    ...(errors.length > 0 ? { errors } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

/**
 * Drops the one "Invalid __typename" completion error each entity marked missing produces (missing-entities.ts).
 * Only when there are no more of them than marked entities: otherwise a subgraph also sent a typename the schema
 * does not know, and every such error is kept, since which ones are ours cannot be told apart.
 */
function withoutMissingEntities(errors: unknown[], missingEntities: number): unknown[] {
  const isInvalidTypename = (error: unknown) =>
    error instanceof Error && error.message.startsWith('Invalid __typename found for object at');
  const invalidTypenames = errors.filter(isInvalidTypename).length;
  if (missingEntities === 0 || invalidTypenames > missingEntities) return errors;
  return errors.filter((error) => !isInvalidTypename(error));
}

/** The gateway, with every execution result passed through `surfacingValueCompletionErrors`. */
export function withValueCompletionErrors(gateway: ApolloGateway): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const { executor } = loaded;
      return {
        ...loaded,
        executor: async (requestContext) =>
          surfacingValueCompletionErrors(await executor(requestContext), missingEntitiesOf(requestContext.context)),
      };
    },
  };
}
