import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@shop/core';
import { readRouteBody, RefusedRequest, sendJson } from '@shop/server';

/** The largest webhook body the gateway forwards (providers send small JSON events). */
const MAX_WEBHOOK_BYTES = 256_000;
/** Headers never forwarded: hop-by-hop ones, and the gateway's own internal headers that a sender could forge. */
const DROPPED = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'x-gateway-credential',
]);

/**
 * `POST /webhooks/<subgraph>/...`: forwards a provider's webhook, body and headers as sent, to the same path on that
 * subgraph, which verifies the sender's signature itself; the subgraph's status and body come back unchanged. The
 * same path thus works in the embedded runtime (subgraphs on loopback ports) and the distributed one.
 */
export function forwardWebhooks(subgraphUrls: Record<string, string>, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const name = new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '';
    const graphqlUrl = Object.hasOwn(subgraphUrls, name) ? subgraphUrls[name] : undefined;
    if (!graphqlUrl) return sendJson(res, 404, { error: 'not found' });
    let body: string;
    try {
      body = await readRouteBody(req, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof RefusedRequest) return sendJson(res, error.status, { error: error.message });
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined && !DROPPED.has(key)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    try {
      const target = new URL(new URL(req.url ?? '/', 'http://localhost').pathname, graphqlUrl);
      const answer = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    } catch (error) {
      logger.warn({ err: error, subgraph: name }, 'webhook could not be forwarded');
      sendJson(res, 502, { error: 'subgraph unavailable' });
    }
  };
}
