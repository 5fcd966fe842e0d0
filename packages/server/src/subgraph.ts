import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { isDomainError, type Logger, type Runtime } from '@shop/core';
import type { Database } from '@shop/db';
import {
  ServiceBus,
  type Bus,
  type BusTables,
  type CommandHandler,
  type CommandHandlers,
  type EventHandlers,
} from '@shop/bus';
import type { CommandName } from '@shop/events';
import type { BaseContext } from './context';
import { domainErrorExtensions } from './domain-errors';
import {
  GATEWAY_MAX_BODY_BYTES,
  MAX_BODY_BYTES,
  startHttpServer,
  sendJson,
  type Route,
  type RunningHttpServer,
} from './http';
import type { TokenVerifier } from './access-token';
import { INTERNAL_HEADERS, RefusedRequest, credentialMatches, headerValue, identityFromHeaders } from './identity';
import { denyByDefault } from './rules';
import { readinessRoute } from './readiness';
import { hideSuggestionsPlugin, type SchemaExposure } from './schema-exposure';
import { requireGatewayCredential } from './internal-routes';
import { databaseErrorResponse, isCodelessClientRefusal, withoutInternals } from './safe-errors';
import { refuseUnstorableTextPlugin } from './storable-text';
import { refuseMalformedRepresentationsPlugin } from './entity-representations';
import { applyGlobalIds, type GlobalIdMap } from './global-ids';

/** Everything a subgraph's code receives from the platform. */
export interface SubgraphDeps {
  name: string;
  runtime: Runtime;
  database: Database;
  bus: ServiceBus;
  logger: Logger;
}

/** A subgraph's webhook routes, each checked to live under `/webhooks/<name>/` (where the gateway forwards). */
function webhookRoutesOf(name: string, routes: Record<string, Route>): Record<string, Route> {
  for (const path of Object.keys(routes))
    if (!path.startsWith(`/webhooks/${name}/`))
      throw new Error(`webhook route ${path} of ${name} must start with /webhooks/${name}/`);
  return routes;
}

/** What a subgraph declares; the platform does the rest (migrations, server, shield, relay, shutdown). */
export interface SubgraphDefinition<Ctx extends BaseContext> {
  name: string;
  /** Absolute path of `schema/<name>.graphql`. */
  schemaFile: string;
  /** Codegen's `Resolvers<Ctx>`; checked against the SDL when the schema is built. */
  resolvers: object;
  /** graphql-shield rules by type and field; Query/Mutation fields without a rule are denied. */
  permissions: Record<string, unknown>;
  /**
   * The type each `ID` other than an object's own `id` identifies (global-ids.ts): output fields, input fields and
   * arguments by schema coordinate, e.g. `{ 'VariantCreateInput.productId': 'Product', 'Query.product(id:)': 'Product' }`.
   * The schema refuses to build while an `ID` is undeclared.
   */
  globalIds: GlobalIdMap;
  /** Absolute path of `subgraphs/<name>/drizzle`. */
  migrationsFolder: string;
  tables: BusTables;
  /** Adds the subgraph's loaders and services to the base context, once per request. */
  createContext(base: BaseContext, deps: SubgraphDeps): Ctx;
  /**
   * The subgraph's command responders (`cmd.<name>.*`, its `commands/index.ts`): the platform serves each one, after
   * the relay starts and before `start`. Only this subgraph's own commands: another prefix is refused at start.
   */
  commands?(deps: SubgraphDeps): CommandHandlers | Promise<CommandHandlers>;
  /**
   * The events the subgraph consumes (its `events/index.ts`): the platform registers them as the subgraph's one
   * durable consumer, each event applied exactly once through the inbox, after the commands and before `start`.
   */
  consumers?(deps: SubgraphDeps): EventHandlers | Promise<EventHandlers>;
  /**
   * Starts background jobs (sweepers, housekeeping), after commands and consumers are registered. May return a
   * function that stops those jobs: the platform calls it when the subgraph stops, before draining the bus.
   */
  start?(deps: SubgraphDeps): Promise<void | (() => Promise<void>)>;
  /** Demo data for the embedded runtime; must be idempotent. */
  seed?(deps: SubgraphDeps): Promise<void>;
  /** Lines the embedded runtime prints at start, after seeding (e.g. the demo accounts' credentials). */
  banner?(): string[];
  /** Extra GET routes served beside /graphql (e.g. auth's /.well-known/jwks.json). */
  routes?(deps: SubgraphDeps): Record<string, Route>;
  /**
   * POST routes for providers' webhooks, by path, which must start with `/webhooks/<name>/`: the gateway forwards
   * `POST /webhooks/<name>/...` to them, so they are reachable at the same path in both runtimes. They carry no
   * gateway credential or token: each route authenticates its sender itself (a signature).
   */
  webhooks?(deps: SubgraphDeps): Record<string, Route>;
}

export interface StartOptions {
  host: string;
  port: number;
  /** Every request must carry this in `x-gateway-credential` (defence in depth behind the gateway). */
  gatewaySecret: string;
  runtime: Runtime;
  database: Database;
  bus: Bus;
  logger: Logger;
  /** Verifies access tokens (auth's JWKS). */
  tokens: TokenVerifier;
  /** Mask unexpected errors (production). */
  maskErrors: boolean;
  /** Start the relay, consumers and command handlers (tests may run a subgraph without them). */
  startBackground?: boolean;
  seed?: boolean;
  /** Introspection and "Did you mean" hints (default both on; production turns them off). */
  exposure?: SchemaExposure;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  /** Start-up lines for the embedded runtime's banner (empty when the subgraph has none). */
  banner: string[];
  /** The credential this subgraph requires; in-process callers (tests, benchmarks) use it to call it directly. */
  gatewaySecret: string;
  deps: SubgraphDeps;
  stop(): Promise<void>;
}

/**
 * Unexpected errors reach clients as "Internal server error" with a stable code; expected ones
 * (GraphQLErrors with a code the code chose) pass through unchanged.
 */
export function formatErrorFor(logger: Logger, mask: boolean) {
  return (unsafe: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const fromDatabase = databaseErrorResponse(unsafe, error, mask, logger);
    if (fromDatabase) return fromDatabase;
    const formatted = withoutInternals(unsafe);
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // The domain throws plain values; this is where they get the code and field clients have always seen.
    if (isDomainError(original)) {
      return { ...formatted, extensions: { ...formatted.extensions, ...domainErrorExtensions(original) } };
    }
    // Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED; a rule's own code (QUERY_TOO_DEEP) is more useful.
    const ownCode = original instanceof GraphQLError ? original.extensions.code : undefined;
    if (typeof ownCode === 'string' && ownCode !== formatted.extensions?.code && ownCode !== 'INTERNAL_SERVER_ERROR') {
      return { ...formatted, extensions: { ...formatted.extensions, code: ownCode } };
    }
    if (isCodelessClientRefusal(original))
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    const code = formatted.extensions?.code;
    const expected = typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
    if (expected) return formatted;
    logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
    if (!mask) return formatted;
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export function buildSchema<Ctx extends BaseContext>(definition: SubgraphDefinition<Ctx>) {
  const typeDefs = parse(readFileSync(definition.schemaFile, 'utf8'));
  // Codegen's resolver types and @apollo/subgraph's map describe the same object; the SDL check below is the real guard.
  const resolvers = definition.resolvers as GraphQLResolverMap<Ctx>;
  // Ids are decoded inside the permission rules: an anonymous caller is refused as such, whatever ids it sends.
  const schema = applyGlobalIds(buildSubgraphSchema([{ typeDefs, resolvers }]), definition.globalIds, definition.name);
  return applyMiddleware(schema, denyByDefault(definition.permissions));
}

/** Serves a subgraph's commands and starts its durable consumer, as its definition declares them. */
export async function registerHandlers<Ctx extends BaseContext>(
  definition: Pick<SubgraphDefinition<Ctx>, 'name' | 'commands' | 'consumers'>,
  deps: SubgraphDeps,
): Promise<void> {
  const commands = (await definition.commands?.(deps)) ?? {};
  const names = Object.keys(commands) as CommandName[];
  const foreign = names.filter((name) => !name.startsWith(`${definition.name}.`));
  if (foreign.length > 0)
    throw new Error(
      `the ${definition.name} subgraph can only answer its own commands (${definition.name}.*), not ${foreign.join(', ')}`,
    );
  for (const name of names) await deps.bus.serve(name, commands[name] as CommandHandler<typeof name>);
  const consumers = await definition.consumers?.(deps);
  if (consumers && Object.keys(consumers).length > 0) await deps.bus.consume(consumers);
}

export async function startSubgraph<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  options: StartOptions,
): Promise<RunningSubgraph> {
  const logger = options.logger;
  await options.database.migrate(definition.migrationsFolder);
  const serviceBus = new ServiceBus({
    service: definition.name,
    database: options.database,
    tables: definition.tables,
    bus: options.bus,
    logger,
  });
  const deps: SubgraphDeps = {
    name: definition.name,
    runtime: options.runtime,
    database: options.database,
    bus: serviceBus,
    logger,
  };

  const apollo = new ApolloServer<Ctx>({
    schema: buildSchema(definition),
    // The process owns SIGINT/SIGTERM (stopOnSignals, packages/server/src/process.ts): Apollo's own handlers would stop this
    // server before the HTTP drain and hang a concurrent stop() (5.x never resolves its stop barrier).
    stopOnTerminationSignals: false,
    introspection: options.exposure?.introspection ?? true,
    includeStacktraceInErrorResponses: !options.maskErrors,
    formatError: formatErrorFor(logger, options.maskErrors),
    // No Apollo Studio here: federated inline traces would only cost time on every request.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      refuseUnstorableTextPlugin(),
      refuseMalformedRepresentationsPlugin(),
      ...(options.exposure?.suggestions === false ? [hideSuggestionsPlugin<Ctx>()] : []),
    ],
  });
  await apollo.start();

  let ready = false;
  const http: RunningHttpServer = await startHttpServer<Ctx>({
    apollo,
    host: options.host,
    port: options.port,
    logger,
    // The gateway batches every entity of a fetch into one `_entities` request: a query within the cost limit can
    // carry ~100,000 representations (several MB). Only the gateway's own credential earns the larger limit.
    maxBodyBytes: (req) =>
      credentialMatches(headerValue(req.headers, INTERNAL_HEADERS.gatewayCredential), options.gatewaySecret)
        ? GATEWAY_MAX_BODY_BYTES
        : MAX_BODY_BYTES,
    async context(req: IncomingMessage, requestId: string) {
      if (!credentialMatches(headerValue(req.headers, INTERNAL_HEADERS.gatewayCredential), options.gatewaySecret)) {
        throw new RefusedRequest(401, 'UNAUTHENTICATED', 'This subgraph only answers the gateway.');
      }
      const identity = await identityFromHeaders(req.headers, options.tokens);
      const base: BaseContext = {
        requestId,
        identity,
        clientIp: headerValue(req.headers, INTERNAL_HEADERS.clientIp) ?? null,
        userAgent: headerValue(req.headers, 'user-agent')?.slice(0, 300) ?? null,
        logger: logger.child({ requestId }),
      };
      return definition.createContext(base, deps);
    },
    postRoutes: webhookRoutesOf(definition.name, definition.webhooks?.(deps) ?? {}),
    routes: {
      ...definition.routes?.(deps),
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': readinessRoute({ database: options.database, bus: options.bus, logger, started: () => ready }),
      '/metrics': requireGatewayCredential(options.gatewaySecret, (_req, res) =>
        sendJson(res, 200, {
          service: definition.name,
          sqlStatements: options.database.stats.statements,
          memory: process.memoryUsage(),
          uptimeSeconds: process.uptime(),
        }),
      ),
    },
  });

  let stopBackground: (() => Promise<void>) | undefined;
  try {
    if (options.startBackground !== false) {
      await serviceBus.startRelay();
      await registerHandlers(definition, deps);
      stopBackground = (await definition.start?.(deps)) ?? undefined;
    }
    if (options.seed) await definition.seed?.(deps);
  } catch (error) {
    // A subgraph that cannot start must not leave a listening socket or a running relay behind.
    await http.close();
    await apollo.stop();
    await stopBackground?.();
    await serviceBus.stop();
    throw error;
  }
  ready = true;
  logger.info({ url: http.url }, `${definition.name} subgraph ready`);

  return {
    name: definition.name,
    url: http.url,
    port: http.port,
    gatewaySecret: options.gatewaySecret,
    banner: definition.banner?.() ?? [],
    deps,
    async stop() {
      ready = false;
      await http.close();
      await apollo.stop();
      await stopBackground?.();
      if (options.startBackground !== false) await serviceBus.stop();
    },
  };
}
