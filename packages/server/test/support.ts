import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';
import { createLogger } from '@shop/core';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../src/http';

/** A federated subgraph schema with resolvers and a middleware, for testing rules in isolation. */
export function makeExecutableSchemaFromSdl(
  sdl: string,
  resolvers: GraphQLResolverMap<unknown>,
  middleware: IMiddlewareGenerator<unknown, unknown, unknown>,
): GraphQLSchema {
  return applyMiddleware(buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]), middleware);
}

/** Apollo behind `startHttpServer` on a free loopback port, silent, as the HTTP tests need it; `stop` closes both. */
export async function startPlainHttp(
  server: { typeDefs: string; resolvers?: Record<string, Record<string, () => unknown>> },
  options: Partial<Pick<HttpServerOptions<Record<string, never>>, 'postRoutes'>> = {},
): Promise<{ http: RunningHttpServer; stop(): Promise<void> }> {
  const apollo = new ApolloServer({ ...server, stopOnTerminationSignals: false });
  await apollo.start();
  const http = await startHttpServer({
    apollo,
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('http-test', 'silent'),
    context: async () => ({}),
    ...options,
  });
  return {
    http,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
