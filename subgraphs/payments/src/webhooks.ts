import { bodyRoute, sendJson, type Route } from '@shop/server';
import type { PaymentsDeps } from './domain/deps';
import { applyWebhook } from './domain/webhooks';
import { verifyWebhook } from './providers/webhook-signature';

/** The largest webhook body accepted (providers send small JSON events). */
const MAX_WEBHOOK_BYTES = 256_000;

/**
 * The providers' webhook endpoints: `POST /webhooks/payments/<provider>` (e.g. /webhooks/payments/stripe), on the
 * gateway in both runtimes (it forwards to this subgraph). Only providers with a webhook secret have one. The
 * signature is checked over the raw body before anything is parsed; 200 acknowledges (a replay too), 400 refuses a bad
 * signature or body, 409 asks the provider to retry an event about a payment not recorded yet.
 */
export function webhookRoutes(deps: PaymentsDeps): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const provider of deps.providers.all) {
    const webhook = provider.webhook;
    if (!webhook) continue;
    routes[`/webhooks/payments/${provider.name}`] = bodyRoute(MAX_WEBHOOK_BYTES, async (req, res, body) => {
      const header = req.headers[webhook.header];
      if (!verifyWebhook(webhook.secret, Array.isArray(header) ? header[0] : header, body))
        return sendJson(res, 400, { error: 'invalid signature' });
      let event: unknown;
      try {
        event = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'invalid JSON' });
      }
      const outcome = await applyWebhook(deps, provider, event);
      switch (outcome.kind) {
        case 'invalid':
          return sendJson(res, 400, { error: outcome.message });
        case 'not_yet':
          return sendJson(res, 409, { error: 'unknown payment: retry later' });
        default:
          return sendJson(res, 200, { received: true, duplicate: outcome.kind === 'duplicate' });
      }
    });
  }
  return routes;
}
