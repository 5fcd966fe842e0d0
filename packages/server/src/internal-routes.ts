import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Route } from './http';
import { INTERNAL_HEADERS, credentialMatches, headerValue } from './identity';

/**
 * Wraps a route that is for operators, not clients (/metrics: memory, uptime, statement counts): it answers
 * only a caller presenting the gateway credential, as a subgraph's /graphql does. Health probes stay open.
 */
export function requireGatewayCredential(secret: string, route: Route): Route {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!credentialMatches(headerValue(req.headers, INTERNAL_HEADERS.gatewayCredential), secret)) {
      return sendJson(res, 401, { error: `send the gateway credential in ${INTERNAL_HEADERS.gatewayCredential}` });
    }
    return route(req, res);
  };
}
