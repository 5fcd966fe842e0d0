/**
 * Per-client cost budget: a bucket holding at most one minute's worth of cost points that refills continuously
 * (`perMinute / 60` points a second). A request spends its computed cost; one that would overdraw the bucket is
 * refused whole (nothing is spent) with the seconds until enough has refilled, as Shopify's leaky bucket does.
 */
export interface CostBudget {
  /** Bucket size: the most a client can spend at once, and what a new or idle client starts with. */
  readonly capacity: number;
  /** Points restored per second. */
  readonly restorePerSecond: number;
  /** Points `key` could spend now. */
  available(key: string): number;
  /** Spends `cost` for `key` when it is all there; otherwise spends nothing and says how long to wait. */
  spend(
    key: string,
    cost: number,
  ): { ok: true; remaining: number } | { ok: false; remaining: number; retryAfterSeconds: number };
  /** Spends `points`, or whatever is left when that is less (a refusal's charge). */
  drain(key: string, points: number): void;
}

/** An idle bucket is full again after a minute; forgetting it then changes nothing and bounds memory. */
const IDLE_MS = 60_000;

export function createCostBudget(perMinute: number, now: () => number = Date.now): CostBudget {
  const capacity = perMinute;
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { points: number; at: number }>();
  let lastSweep = now();

  const current = (key: string): { points: number; at: number } => {
    const t = now();
    if (t - lastSweep > IDLE_MS) {
      for (const [k, b] of buckets) if (t - b.at > IDLE_MS) buckets.delete(k);
      lastSweep = t;
    }
    const bucket = buckets.get(key) ?? { points: capacity, at: t };
    bucket.points = Math.min(capacity, bucket.points + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(key, bucket);
    return bucket;
  };

  return {
    capacity,
    restorePerSecond: perMinute / 60,
    available: (key) => Math.floor(current(key).points),
    spend(key, cost) {
      const bucket = current(key);
      if (bucket.points >= cost) {
        bucket.points -= cost;
        return { ok: true, remaining: Math.floor(bucket.points) };
      }
      // A cost above the capacity can never be paid: the cost limit refuses those before they get here.
      const missing = Math.min(cost, capacity) - bucket.points;
      return {
        ok: false,
        remaining: Math.floor(bucket.points),
        retryAfterSeconds: Math.max(1, Math.ceil(missing / refillPerMs / 1000)),
      };
    },
    drain(key, points) {
      const bucket = current(key);
      bucket.points = Math.max(0, bucket.points - points);
    },
  };
}
