import { sendJson, type BodyRoute } from '@shop/server';
import type { ShippingDeps } from '../domain/deps';
import { applyTrackingUpdate } from '../domain/apply-tracking';

/** Where carriers post tracking webhooks, on the shipping subgraph's own port (4009 by default) in both runtimes. */
export const webhookPath = (carrier: string): string => `/webhooks/carriers/${carrier}`;

/**
 * One POST route per configured carrier: 401 when the signature does not verify (nothing is read), 400 for a verified
 * body the carrier does not document, 200 once every update is applied (a replay answers 200 and changes nothing), 500
 * when applying failed, so the carrier delivers again.
 */
export function trackingWebhookRoutes(deps: ShippingDeps): Record<string, BodyRoute> {
  const routes: Record<string, BodyRoute> = {};
  for (const carrier of deps.settings.carriers.values()) {
    routes[webhookPath(carrier.name)] = async (req, res, body) => {
      const updates = carrier.parseWebhook(req.headers, body, new Date());
      if (updates === 'unverified') return sendJson(res, 401, { error: 'signature does not verify' });
      if (updates === 'malformed') return sendJson(res, 400, { error: 'not a tracking update' });
      const outcomes = [];
      for (const update of updates) outcomes.push(await applyTrackingUpdate(deps, carrier.name, update));
      sendJson(res, 200, { received: outcomes.length, outcomes });
    };
  }
  return routes;
}
