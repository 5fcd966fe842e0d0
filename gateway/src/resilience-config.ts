import { z } from 'zod';
import { DEFAULT_SUBGRAPH_RESILIENCE, type SubgraphResilienceOptions } from './subgraph-source';

const defaults = DEFAULT_SUBGRAPH_RESILIENCE;

/**
 * The gateway's protection against a slow or stopped subgraph, from the environment (both runtimes). Bounded so a
 * typo cannot turn it off: a 0 ms timeout would fail every fetch, an hour-long one would let a hung subgraph hold
 * every request.
 */
export const subgraphResilienceShape = {
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(defaults.timeoutMs),
  SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(defaults.breakerFailureThreshold),
  SUBGRAPH_BREAKER_COOLOFF_MS: z.coerce.number().int().min(100).max(600_000).default(defaults.breakerCoolOffMs),
};

export function subgraphResilienceFrom(config: {
  SUBGRAPH_TIMEOUT_MS: number;
  SUBGRAPH_BREAKER_FAILURES: number;
  SUBGRAPH_BREAKER_COOLOFF_MS: number;
}): SubgraphResilienceOptions {
  return {
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    breakerFailureThreshold: config.SUBGRAPH_BREAKER_FAILURES,
    breakerCoolOffMs: config.SUBGRAPH_BREAKER_COOLOFF_MS,
  };
}
