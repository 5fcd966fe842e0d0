import { ConfigError, env, parseEnv } from '@shop/core';
import { DEFAULT_COST_LIMITS, type CostLimits } from './cost-control';

/**
 * The gateway's cost and breadth limits from the environment, shared by the embedded and the distributed runtime.
 * Each is a positive integer; the budget may be 0 (throttle off) but never below one maximal operation, or that
 * operation could never run.
 */
export function gatewayLimitsFromEnv(environment: NodeJS.ProcessEnv = process.env): CostLimits {
  const config = parseEnv(
    {
      QUERY_COST_MAX: env.int(DEFAULT_COST_LIMITS.maxCost, 1),
      QUERY_MAX_ALIASES: env.int(DEFAULT_COST_LIMITS.maxAliases, 0),
      QUERY_MAX_ROOT_FIELDS: env.int(DEFAULT_COST_LIMITS.maxRootFields, 1),
      RATE_LIMIT_COST_PER_MINUTE: env.int(DEFAULT_COST_LIMITS.budgetPerMinute, 0),
    },
    environment,
  );
  if (config.RATE_LIMIT_COST_PER_MINUTE > 0 && config.RATE_LIMIT_COST_PER_MINUTE < config.QUERY_COST_MAX) {
    throw new ConfigError([
      {
        variable: 'RATE_LIMIT_COST_PER_MINUTE',
        message: `must be 0 (off) or at least QUERY_COST_MAX (${config.QUERY_COST_MAX})`,
      },
    ]);
  }
  return {
    maxCost: config.QUERY_COST_MAX,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxRootFields: config.QUERY_MAX_ROOT_FIELDS,
    budgetPerMinute: config.RATE_LIMIT_COST_PER_MINUTE,
  };
}
