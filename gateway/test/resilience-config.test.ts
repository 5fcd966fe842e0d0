import { parseEnv } from '@shop/core';
import { DEFAULT_SUBGRAPH_RESILIENCE } from '../src';
import { subgraphResilienceFrom, subgraphResilienceShape } from '../src/resilience-config';

/** The gateway's subgraph timeout and breaker settings, as both runtimes read them from the environment. */
describe('subgraph resilience settings', () => {
  it('default to a 10 s timeout, 5 failures and a 10 s cool-off', () => {
    expect(subgraphResilienceFrom(parseEnv(subgraphResilienceShape, {}))).toEqual(DEFAULT_SUBGRAPH_RESILIENCE);
    expect(DEFAULT_SUBGRAPH_RESILIENCE).toEqual({
      timeoutMs: 10_000,
      breakerFailureThreshold: 5,
      breakerCoolOffMs: 10_000,
    });
  });

  it('take the environment variables', () => {
    const config = parseEnv(subgraphResilienceShape, {
      SUBGRAPH_TIMEOUT_MS: '2500',
      SUBGRAPH_BREAKER_FAILURES: '3',
      SUBGRAPH_BREAKER_COOLOFF_MS: '30000',
    });
    expect(subgraphResilienceFrom(config)).toEqual({
      timeoutMs: 2500,
      breakerFailureThreshold: 3,
      breakerCoolOffMs: 30_000,
    });
  });

  it.each([
    ['SUBGRAPH_TIMEOUT_MS', '0'],
    ['SUBGRAPH_TIMEOUT_MS', 'ten'],
    ['SUBGRAPH_TIMEOUT_MS', '3600000'],
    ['SUBGRAPH_BREAKER_FAILURES', '0'],
    ['SUBGRAPH_BREAKER_FAILURES', '1.5'],
    ['SUBGRAPH_BREAKER_COOLOFF_MS', '-1'],
  ])('refuse %s=%s, naming the variable', (variable, value) => {
    expect(() => parseEnv(subgraphResilienceShape, { [variable]: value })).toThrow(variable);
  });
});
