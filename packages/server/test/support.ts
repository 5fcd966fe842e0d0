import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';

/** A federated subgraph schema with resolvers and a middleware, for testing rules in isolation. */
export function makeExecutableSchemaFromSdl(
  sdl: string,
  resolvers: GraphQLResolverMap<unknown>,
  middleware: IMiddlewareGenerator<unknown, unknown, unknown>,
): GraphQLSchema {
  return applyMiddleware(buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]), middleware);
}
