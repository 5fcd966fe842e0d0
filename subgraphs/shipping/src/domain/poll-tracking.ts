import { periodicJob, type PeriodicJob } from '@shop/core';
import { CarrierError } from '../carriers/types';
import { markPolled, shipmentsToPoll } from '../db/shipments.store';
import { applyTrackingUpdate, type TrackingOutcome } from './apply-tracking';
import type { ShippingDeps } from './deps';

/**
 * The fallback for webhooks that never arrived: asks the carriers for the tracking of up to `batch` shipments still
 * under way (the longest-unasked first) and applies what they answer exactly as a webhook would (same dedupe by carrier
 * event id, same out-of-order rule, same `shipment.*` events). A carrier that fails is skipped until the next run.
 */
export async function pollTracking(
  deps: ShippingDeps,
  batch = 50,
): Promise<{ asked: number; outcomes: Record<TrackingOutcome, number> }> {
  const outcomes: Record<TrackingOutcome, number> = { applied: 0, recorded: 0, duplicate: 0, unknown: 0 };
  const due = await shipmentsToPoll(deps.db, batch);
  for (const shipment of due) {
    const carrier = deps.settings.carriers.get(shipment.carrier);
    if (!carrier || !shipment.trackingNumber) continue;
    try {
      for (const update of await carrier.tracking(shipment.trackingNumber))
        outcomes[await applyTrackingUpdate(deps, carrier.name, update)]++;
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      deps.logger.warn({ err: error, shipmentId: shipment.id, carrier: carrier.name }, 'tracking poll failed');
    }
  }
  await markPolled(
    deps.db,
    due.map((s) => s.id),
    new Date(),
  );
  return { asked: due.length, outcomes };
}

/** `pollTracking` every `intervalMs` (not at start: nothing is due that early); one run at a time. */
export const trackingPoll = (deps: ShippingDeps, intervalMs: number): PeriodicJob =>
  periodicJob({
    intervalMs,
    runAtStart: false,
    async pass() {
      await pollTracking(deps);
    },
    onError: (error) => deps.logger.error({ err: error }, 'tracking poll crashed'),
  });
