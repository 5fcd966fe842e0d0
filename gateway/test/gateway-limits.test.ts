import { ConfigError } from '@shop/core';
import { DEFAULT_COST_LIMITS } from '../src';
import { gatewayLimitsFromEnv } from '../src/gateway-limits';

describe('the gateway cost limits from the environment', () => {
  it('defaults to the documented limits and reads each variable', () => {
    expect(gatewayLimitsFromEnv({})).toEqual(DEFAULT_COST_LIMITS);
    expect(
      gatewayLimitsFromEnv({
        QUERY_COST_MAX: '5000',
        QUERY_MAX_ALIASES: '5',
        QUERY_MAX_ROOT_FIELDS: '3',
        RATE_LIMIT_COST_PER_MINUTE: '0',
      }),
    ).toEqual({ maxCost: 5000, maxAliases: 5, maxRootFields: 3, budgetPerMinute: 0 });
  });

  it.each([
    [{ QUERY_COST_MAX: 'lots' }, 'QUERY_COST_MAX'],
    [{ QUERY_COST_MAX: '0' }, 'QUERY_COST_MAX'],
    [{ QUERY_MAX_ALIASES: '-1' }, 'QUERY_MAX_ALIASES'],
    [{ QUERY_MAX_ROOT_FIELDS: '1.5' }, 'QUERY_MAX_ROOT_FIELDS'],
    // A budget smaller than one maximal operation would make that operation impossible, not limited.
    [{ QUERY_COST_MAX: '5000', RATE_LIMIT_COST_PER_MINUTE: '4999' }, 'RATE_LIMIT_COST_PER_MINUTE'],
  ])('refuses %j, naming %s', (environment, variable) => {
    expect(() => gatewayLimitsFromEnv(environment)).toThrow(ConfigError);
    expect(() => gatewayLimitsFromEnv(environment)).toThrow(new RegExp(`${variable}:`));
  });
});
