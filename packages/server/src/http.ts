import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext as ApolloBaseContext } from '@apollo/server';
import type { Logger } from '@shop/core';
import { INTERNAL_HEADERS, RefusedRequest, headerValue } from './identity';

/** Requests larger than this are refused before parsing: a GraphQL document has no business being bigger. */
export const MAX_BODY_BYTES = 1_000_000;
/** What a subgraph accepts from the gateway: one `_entities` fetch of a large (but allowed) query fans out that far. */
export const GATEWAY_MAX_BODY_BYTES = 32_000_000;

/** At shutdown, requests still running after this long are cut off so the process can exit. */
const CLOSE_GRACE_MS = 10_000;

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServerOptions<Ctx extends ApolloBaseContext> {
  apollo: ApolloServer<Ctx>;
  host: string;
  port: number;
  logger: Logger;
  /** Builds the per-request context; throw RefusedRequest to answer with an HTTP error. */
  context(req: IncomingMessage, requestId: string): Promise<Ctx>;
  /** Extra GET routes such as /healthz, /readyz, /metrics. */
  routes?: Record<string, Route>;
  /**
   * POST routes beside /graphql (provider webhooks): by exact path, or by a key ending in `/` for every path under
   * it. The route reads the body itself (`readRouteBody`).
   */
  postRoutes?: Record<string, Route>;
  /** The largest body this request may send (default MAX_BODY_BYTES), decided from its headers before it is read. */
  maxBodyBytes?(req: IncomingMessage): number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  /** Stops taking requests, waits for in-flight ones (bounded), then closes idle sockets. */
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The POST route for `pathname`: an exact key, else the longest `/`-ending key it starts with. */
function postRouteOf(postRoutes: Record<string, Route> | undefined, pathname: string): Route | undefined {
  if (!postRoutes) return undefined;
  if (postRoutes[pathname]) return postRoutes[pathname];
  const prefix = Object.keys(postRoutes)
    .filter((key) => key.endsWith('/') && pathname.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? postRoutes[prefix] : undefined;
}

/** A POST route's raw body, at most `maxBytes` (default MAX_BODY_BYTES): more throws RefusedRequest 413. */
export const readRouteBody = (req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> =>
  readBody(req, maxBytes);

/**
 * A webhook route: reads the raw body (at most `maxBytes`; a larger one is answered 413 and `handle` never runs), then
 * hands it to `handle`, which authenticates the sender itself (a signature over exactly these bytes).
 */
export function bodyRoute(
  maxBytes: number,
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void> | void,
): Route {
  return async (req, res) => {
    let body: string;
    try {
      body = await readBody(req, maxBytes);
    } catch (error) {
      if (error instanceof RefusedRequest) return sendJson(res, error.status, { error: error.message });
      throw error;
    }
    await handle(req, res, body);
  };
}

/**
 * The body, at most `maxBytes`. Past the limit the rest is read and dropped (up to 16 × the limit, then the connection
 * is cut) rather than left unread: a client still uploading when the 413 comes back would otherwise wait, its request
 * half sent, for a response it never reads (seen here: about one 300 kB upload in ten hung).
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > 16 * maxBytes) req.destroy();
        return;
      }
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(new RefusedRequest(413, 'PAYLOAD_TOO_LARGE', 'Request body too large.'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * A caller's request id is kept only if it is short and plain: it goes into every log line and back in a
 * response header, so spaces, quotes, control bytes, non-ASCII and sheer length (log injection, forged
 * fields, header splitting) never get through. It starts with a letter or digit, so it is never a bare "-".
 */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The request target as a URL, or null when it is none (engines >= 20.10 predate URL.parse). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** Request ids come from the caller when they are safe (the gateway sets one), otherwise a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = headerValue(req.headers, INTERNAL_HEADERS.requestId);
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * A plain node:http server in front of Apollo Server (what `startStandaloneServer` does, plus health routes
 * and a request id): no web framework is needed for one GraphQL endpoint and three probes.
 */
export async function startHttpServer<Ctx extends ApolloBaseContext>(
  options: HttpServerOptions<Ctx>,
): Promise<RunningHttpServer> {
  const { apollo, logger } = options;
  const routes = options.routes ?? {};
  // Responses still being produced: at shutdown they finish, then their keep-alive socket closes with them.
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | null = null;
  const server = createServer((req, res) => {
    inFlight.add(res);
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => inFlight.delete(res));
    void handle(req, res).catch((error: unknown) => {
      // A client that hangs up mid-body is nobody's fault here: not an error to page about, and nobody to answer.
      if (req.destroyed && (error as { code?: unknown } | null)?.code === 'ECONNRESET') {
        logger.debug({ err: error }, 'client went away before its request was read');
        return void res.destroy();
      }
      logger.error({ err: error }, 'unhandled HTTP error');
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // An absolute-form target with a broken host (`GET http://[ HTTP/1.1`) passes Node's parser but not URL.
    const url = parseTarget(req.url);
    if (!url)
      return sendJson(res, 400, {
        errors: [{ message: 'The request target is not a valid URL.', extensions: { code: 'BAD_REQUEST' } }],
      });
    const route = routes[url.pathname];
    if (route && req.method === 'GET') return void (await route(req, res));
    const postRoute = req.method === 'POST' ? postRouteOf(options.postRoutes, url.pathname) : undefined;
    if (postRoute) return void (await postRoute(req, res));
    if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(res, 404, { error: 'not found' });
    const requestId = requestIdOf(req);
    res.setHeader(INTERNAL_HEADERS.requestId, requestId);
    try {
      const raw = req.method === 'POST' ? await readBody(req, options.maxBodyBytes?.(req) ?? MAX_BODY_BYTES) : '';
      let body: unknown = raw;
      if (raw && (req.headers['content-type'] ?? '').includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new RefusedRequest(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      // Built before Apollo runs: a refusal (no gateway credential, rate limit) must answer with its own
      // HTTP status, and Apollo would wrap an error thrown from its context function into a 500.
      const context = await options.context(req, requestId);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: async () => context,
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      if (error instanceof RefusedRequest) {
        for (const [key, value] of Object.entries(error.headers)) res.setHeader(key, value);
        return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      }
      throw error;
    }
  }

  // Every open connection, so a shutdown can drop the ones that carry no request to finish.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  return {
    url: `http://${displayHost}:${port}/graphql`,
    port,
    server,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // server.close() alone waits for every keep-alive socket to time out (65 s): answer the requests in
        // flight with `connection: close` so their sockets end with them, and drop the idle ones now.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
        // A connection still sending its request line or headers (a slowloris trickle, a client gone quiet) has
        // nothing in flight to finish, but Node counts it as busy: it would hold the exit for the whole grace.
        const busy = new Set([...inFlight].map((res) => res.socket));
        for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
      })),
  };
}
