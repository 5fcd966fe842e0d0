import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloGateway,
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ErrorCode, type Logger, type Runtime } from '@shop/core';
import { depthLimitRule, DEFAULT_MAX_DEPTH, DEFAULT_MAX_TOKENS } from './limits';
import { createCostControl, DEFAULT_COST_LIMITS, type CostLimits } from './cost-control';
import { withValueCompletionErrors } from './value-completion';
import { markMissingEntities } from './missing-entities';
import {
  DEFAULT_SUBGRAPH_RESILIENCE,
  SubgraphGuard,
  notConfiguredAnswer,
  type SubgraphResilienceOptions,
} from './subgraph-source';
import { createReadiness } from './readiness';
import { enforceInputScalars, inputValidationPlugin } from './input-validation';
import { subgraphHttpError } from './subgraph-errors';
import { clientIpOf } from './client-ip';
import { forwardWebhooks } from './webhook-forward';
import {
  INTERNAL_HEADERS,
  NODE_SUBGRAPH,
  RefusedRequest,
  buildNodeSubgraphSchema,
  nodeTypesOfSupergraph,
  formatErrorFor,
  headerValue,
  hideSuggestionsPlugin,
  identityFromHeaders,
  requireGatewayCredential,
  sendJson,
  startHttpServer,
  type SchemaExposure,
  type TokenVerifier,
} from '@shop/server';

/** What the gateway knows about one request, forwarded to subgraphs. */
export interface GatewayContext {
  requestId: string;
  /** The caller's bearer token, forwarded only after it verified here. */
  authorization?: string;
  clientIp?: string;
  userAgent?: string;
  /** Whose cost budget this request spends: `user:<id>` with a verified token, else `ip:<address>`. */
  clientKey: string;
}

export interface GatewayOptions {
  host: string;
  port: number;
  runtime: Runtime;
  supergraphSdl: string;
  /** Subgraph name → GraphQL URL. */
  subgraphUrls: Record<string, string>;
  gatewaySecret: string;
  logger: Logger;
  /** Serve Apollo Sandbox on GET / (development); production answers GraphQL only. */
  sandbox: boolean;
  maskErrors: boolean;
  /** Cost points per minute per client (user or IP), refilled continuously; 0 turns the throttle off (tests, benchmarks). */
  rateLimitPerMinute: number;
  /** Cost and breadth limits per operation; unset ones take DEFAULT_COST_LIMITS. */
  cost?: Partial<Omit<CostLimits, 'budgetPerMinute'>>;
  /** Verifies access tokens against auth's JWKS before anything reaches a subgraph. */
  tokens: TokenVerifier;
  /** auth's JWKS URL, re-served at the gateway's /.well-known/jwks.json. */
  jwksUrl?: string;
  /** Take the client IP from the last X-Forwarded-For hop, the one the proxy in front added (only behind a proxy you run). */
  trustProxy?: boolean;
  maxDepth?: number;
  maxTokens?: number;
  /** Subgraph fetch timeout and circuit breaker; defaults in DEFAULT_SUBGRAPH_RESILIENCE. */
  subgraphResilience?: Partial<SubgraphResilienceOptions>;
  /** /readyz probe deadline and cache (tests shorten them). */
  readiness?: { probeTimeoutMs?: number; cacheMs?: number };
  /** Introspection and "Did you mean" hints (default both on; production turns them off). */
  exposure?: SchemaExposure;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Sends only what a subgraph needs: the caller's credentials, the request id and the gateway's own
 * credential. Nothing else a client sent reaches a subgraph, so a client cannot forge internal headers.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
    private readonly subgraph: string,
    private readonly guard: SubgraphGuard,
  ) {
    super({ url });
    this.fetcher = guard.fetcher(this.fetcher);
  }

  /** An answer that arrived but cannot be used nulls the fields it would have filled, naming the subgraph. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      return this.guard.unusableAnswer(error, options.request);
    }
  }

  /** A subgraph's HTTP error keeps its own code (BAD_USER_INPUT) and never shows the subgraph's URL. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const body: unknown = await this.parseBody(response).catch(() => null);
    return subgraphHttpError(this.subgraph, response, body);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set(INTERNAL_HEADERS.gatewayCredential, this.secret);
    // A health check or schema load carries a bare `Record<string, any>` context: none of these are set there.
    const incoming: Partial<GatewayContext> = context;
    if (incoming.requestId) headers.set(INTERNAL_HEADERS.requestId, incoming.requestId);
    if (incoming.authorization) headers.set('authorization', incoming.authorization);
    if (incoming.clientIp) headers.set(INTERNAL_HEADERS.clientIp, incoming.clientIp);
    if (incoming.userAgent) headers.set('user-agent', incoming.userAgent);
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    return markMissingEntities(response, context);
  }
}

/** Serves auth's public keys from the gateway, cached for a minute, so partners need only the public endpoint. */
function proxyJwks(url: string, logger: Logger) {
  let cached: { body: unknown; at: number } | null = null;
  return async (_req: IncomingMessage, res: ServerResponse) => {
    if (!cached || Date.now() - cached.at > 60_000) {
      // auth down or answering something else is its outage, not a gateway error: 502, logged as a warning.
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (!response.ok) throw new Error(`auth answered HTTP ${response.status}`);
        cached = { body: await response.json(), at: Date.now() };
      } catch (error) {
        logger.warn({ err: error }, 'auth keys unavailable for /.well-known/jwks.json');
        return sendJson(res, 502, { error: 'keys unavailable' });
      }
    }
    res.setHeader('cache-control', 'public, max-age=60');
    sendJson(res, 200, cached.body);
  };
}

function unavailable(name: string): GraphQLDataSource<GatewayContext> {
  return {
    process: async ({ request }) => notConfiguredAnswer(name, request),
  };
}

export function loadSupergraph(path: string): string {
  return readFileSync(path, 'utf8');
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const resilience: SubgraphResilienceOptions = { ...DEFAULT_SUBGRAPH_RESILIENCE, ...options.subgraphResilience };
  const guards = new Map(
    Object.keys(options.subgraphUrls).map((name) => [name, new SubgraphGuard(name, resilience, logger)]),
  );
  const readiness = createReadiness({
    subgraphUrls: options.subgraphUrls,
    circuitOf: (name) => guards.get(name)?.circuit(),
    ...options.readiness,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      // node(id:)/nodes(ids:) own no data: served here, from the types that implement Node in this supergraph.
      if (name === NODE_SUBGRAPH)
        return new LocalGraphQLDataSource(buildNodeSubgraphSchema(nodeTypesOfSupergraph(options.supergraphSdl)));
      const url = options.subgraphUrls[name];
      // A partial supergraph (one subgraph under test or benchmark) still serves everything the rest can answer.
      if (!url) return unavailable(name);
      return new SubgraphDataSource(url, options.gatewaySecret, name, guards.get(name)!);
    },
    logger,
  });
  enforceInputScalars(gateway);

  const costControl = createCostControl<GatewayContext>(options.supergraphSdl, {
    ...DEFAULT_COST_LIMITS,
    ...options.cost,
    budgetPerMinute: options.rateLimitPerMinute,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withValueCompletionErrors(gateway),
    // The process owns SIGINT/SIGTERM (stopOnSignals, packages/server/src/process.ts): Apollo's own handlers would stop this
    // server before the HTTP drain and hang a concurrent stop() (5.x never resolves its stop barrier).
    stopOnTerminationSignals: false,
    introspection: options.exposure?.introspection ?? true,
    validationRules: [depthLimitRule(options.maxDepth ?? DEFAULT_MAX_DEPTH)],
    parseOptions: { maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS },
    includeStacktraceInErrorResponses: !options.maskErrors,
    formatError: formatErrorFor(logger, options.maskErrors),
    plugins: [
      // Input first: a bad variable (a `first` beyond 32 bits) is BAD_USER_INPUT, not a cost to compute.
      inputValidationPlugin<GatewayContext>(),
      costControl.plugin,
      options.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(options.exposure?.suggestions === false ? [hideSuggestionsPlugin<GatewayContext>()] : []),
    ],
  });
  await apollo.start();

  const http = await startHttpServer<GatewayContext>({
    apollo,
    host: options.host,
    port: options.port,
    logger,
    async context(req: IncomingMessage, requestId: string) {
      const clientIp = clientIpOf(req, options.trustProxy ?? false);
      // Verified here so a bad token is refused before any query planning; subgraphs verify it again.
      const identity = await identityFromHeaders(req.headers, options.tokens);
      const clientKey = identity.kind === 'user' ? `user:${identity.userId}` : `ip:${clientIp ?? 'unknown'}`;
      // An empty budget is refused before the document is parsed; the cost itself is spent once it is known.
      if (costControl.budget && costControl.budget.available(clientKey) < 1) {
        const wait = Math.max(1, Math.ceil(1 / costControl.budget.restorePerSecond));
        throw new RefusedRequest(429, ErrorCode.THROTTLED, `Cost budget spent: retry in ${wait} s.`, {
          'retry-after': String(wait),
        });
      }
      return {
        clientKey,
        requestId,
        authorization: headerValue(req.headers, 'authorization') || undefined,
        clientIp,
        userAgent: headerValue(req.headers, 'user-agent')?.slice(0, 300),
      };
    },
    // Providers' webhooks go to the subgraph named in the path, which checks their signature (webhook-forward.ts).
    postRoutes: { '/webhooks/': forwardWebhooks(options.subgraphUrls, logger) },
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': readiness.route,
      // Partners verify our access tokens with the same keys the gateway uses.
      ...(options.jwksUrl ? { '/.well-known/jwks.json': proxyJwks(options.jwksUrl, logger) } : {}),
      '/metrics': requireGatewayCredential(options.gatewaySecret, (_req, res) =>
        sendJson(res, 200, { service: 'gateway', memory: process.memoryUsage(), uptimeSeconds: process.uptime() }),
      ),
    },
  });
  logger.info({ url: http.url }, 'gateway ready');
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
