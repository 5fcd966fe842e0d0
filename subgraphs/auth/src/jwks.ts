import { sendJson, type Route } from '@shop/server';
import type { AuthRuntime } from './runtime';

/**
 * GET /.well-known/jwks.json: the public keys of access tokens (next, active, recently retired). Verifiers cache it
 * and refetch when they meet an unknown `kid`.
 */
export const jwksRoute =
  (runtime: AuthRuntime): Route =>
  async (_req, res) => {
    try {
      const jwks = await (await runtime.ready()).keys.jwks();
      res.setHeader('cache-control', 'public, max-age=60');
      sendJson(res, 200, jwks);
    } catch (error) {
      runtime.platform.logger.error({ err: error }, 'cannot serve the JWKS');
      sendJson(res, 503, { error: 'keys unavailable' });
    }
  };
