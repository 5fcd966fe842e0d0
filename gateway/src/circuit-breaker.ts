/**
 * A circuit breaker for one subgraph. After `failureThreshold` consecutive failures the gateway stops calling the
 * subgraph for `coolOffMs` (callers fail fast instead of each waiting out the timeout and piling up sockets), then
 * lets exactly one probe through: its success closes the circuit, its failure opens it for another cool-off.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts, refused connections, 502/503/504) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  coolOffMs: number;
  /** Injected clock (unit tests). */
  now?: () => number;
}

/** Whether a call may go to the subgraph; a refused one says when the next probe is due. */
export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** While open: milliseconds until a probe may go through. */
  retryInMs?: number;
}

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(options.failureThreshold >= 1)) throw new Error('failureThreshold must be at least 1');
    if (!(options.coolOffMs >= 0)) throw new Error('coolOffMs must not be negative');
    this.now = options.now ?? Date.now;
  }

  /** Call before sending; every admitted call must end in exactly one `succeeded()` or `failed()`. */
  admit(): Admission {
    if (this.state === 'closed') return { allowed: true, probe: false };
    const retryInMs = this.openedAt + this.options.coolOffMs - this.now();
    if (this.state === 'open' && retryInMs <= 0) this.state = 'half-open';
    if (this.state === 'half-open' && !this.probeInFlight) {
      // One probe at a time: a subgraph that is still down costs one timeout per cool-off, not one per request.
      this.probeInFlight = true;
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryInMs: Math.max(retryInMs, 0) };
  }

  /** The subgraph answered. Any answer, probe or not, shows it is reachable again. */
  succeeded(): void {
    this.state = 'closed';
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
  }

  /**
   * The subgraph did not answer. `probe` is the admission's flag: only the probe's failure re-opens a half-open
   * circuit; a slow call admitted before the circuit opened must not free the probe slot.
   */
  failed(probe: boolean): void {
    this.consecutiveFailures += 1;
    if (probe) {
      this.probeInFlight = false;
      this.open();
    } else if (this.state === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) {
      this.open();
    }
  }

  private open(): void {
    this.state = 'open';
    this.openedAt = this.now();
  }

  snapshot(): CircuitSnapshot {
    const retryInMs =
      this.state === 'open' ? Math.max(this.openedAt + this.options.coolOffMs - this.now(), 0) : undefined;
    return {
      state: this.state,
      consecutiveFailures: this.consecutiveFailures,
      ...(retryInMs === undefined ? {} : { retryInMs }),
    };
  }
}
