import { bodyRoute, sendJson, type Route } from '@shop/server';
import type { ShippingDeps } from '../domain/deps';
import { applyTrackingUpdate } from '../domain/apply-tracking';

/** The largest tracking webhook body accepted (carriers send small JSON batches). */
const MAX_WEBHOOK_BYTES = 256_000;

/**
 * Where carriers post tracking webhooks: `POST /webhooks/shipping/<carrier>`, on the gateway in both runtimes (it
 * forwards `/webhooks/<subgraph>/...` to the subgraph), and on the shipping subgraph's own port.
 */
export const webhookPath = (carrier: string): string => `/webhooks/shipping/${carrier}`;

/**
 * One POST route per configured carrier: 401 when the signature does not verify (nothing is read), 400 for a verified
 * body the carrier does not document, 200 once every update is applied (a replay answers 200 and changes nothing), 500
 * when applying failed, so the carrier delivers again.
 */
export function trackingWebhookRoutes(deps: ShippingDeps): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const carrier of deps.settings.carriers.values()) {
    routes[webhookPath(carrier.name)] = bodyRoute(MAX_WEBHOOK_BYTES, async (req, res, body) => {
      const updates = carrier.parseWebhook(req.headers, Buffer.from(body, 'utf8'), new Date());
      if (updates === 'unverified') return sendJson(res, 401, { error: 'signature does not verify' });
      if (updates === 'malformed') return sendJson(res, 400, { error: 'not a tracking update' });
      const outcomes = [];
      for (const update of updates) outcomes.push(await applyTrackingUpdate(deps, carrier.name, update));
      sendJson(res, 200, { received: outcomes.length, outcomes });
    });
  }
  return routes;
}
