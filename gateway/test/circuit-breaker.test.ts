import { CircuitBreaker } from '../src/circuit-breaker';

/** The breaker's state machine on a fake clock: closed → open after N failures → one probe → closed or open again. */
function breaker(failureThreshold = 3, coolOffMs = 1000) {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, coolOffMs, now: () => clock.now }) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and forgets failures after a success', () => {
    const { breaker: b } = breaker(3);
    b.failed(false);
    b.failed(false);
    b.succeeded();
    b.failed(false);
    b.failed(false);
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 2 });
    expect(b.admit()).toEqual({ allowed: true, probe: false });
  });

  it('opens after N consecutive failures and refuses calls until the cool-off ends', () => {
    const { clock, breaker: b } = breaker(3, 1000);
    for (let i = 0; i < 3; i++) b.failed(false);
    expect(b.snapshot().state).toBe('open');
    clock.now = 400;
    expect(b.admit()).toEqual({ allowed: false, retryInMs: 600 });
  });

  it('lets exactly one probe through after the cool-off; its success closes the circuit', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failed(false);
    clock.now = 1000;
    expect(b.admit()).toEqual({ allowed: true, probe: true });
    expect(b.admit()).toEqual({ allowed: false, retryInMs: 0 });
    b.succeeded();
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0 });
    expect(b.admit()).toEqual({ allowed: true, probe: false });
  });

  it('re-opens for a full cool-off when the probe fails', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failed(false);
    clock.now = 1500;
    const probe = b.admit();
    expect(probe).toEqual({ allowed: true, probe: true });
    clock.now = 2000;
    b.failed(true);
    expect(b.snapshot()).toEqual({ state: 'open', consecutiveFailures: 2, retryInMs: 1000 });
    clock.now = 2999;
    expect(b.admit().allowed).toBe(false);
    clock.now = 3000;
    expect(b.admit()).toEqual({ allowed: true, probe: true });
  });

  it('does not free the probe slot when a call admitted before the circuit opened fails late', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failed(false);
    clock.now = 1000;
    expect(b.admit()).toEqual({ allowed: true, probe: true });
    b.failed(false);
    expect(b.admit().allowed).toBe(false);
  });

  it('refuses nonsense settings', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, coolOffMs: 1000 })).toThrow();
    expect(() => new CircuitBreaker({ failureThreshold: 1, coolOffMs: -1 })).toThrow();
  });
});
