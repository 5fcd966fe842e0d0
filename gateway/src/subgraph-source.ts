import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '@shop/core';
import { SubgraphHttpError } from './subgraph-errors';
import { CircuitBreaker, type CircuitSnapshot } from './circuit-breaker';
import { unavailableErrors, type SubgraphRequestBody, type UnavailableReason } from './unavailable-errors';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** How the gateway protects itself from a slow or stopped subgraph (env: SUBGRAPH_TIMEOUT_MS, SUBGRAPH_BREAKER_*). */
export interface SubgraphResilienceOptions {
  /** Longest one subgraph fetch may take, answer body included. */
  timeoutMs: number;
  /** Consecutive failed fetches (timeout, refused or reset connection, HTTP 502/503/504) that open the circuit. */
  breakerFailureThreshold: number;
  /** How long an open circuit answers for the subgraph without calling it, before one probe is let through. */
  breakerCoolOffMs: number;
}

export const DEFAULT_SUBGRAPH_RESILIENCE: SubgraphResilienceOptions = {
  timeoutMs: 10_000,
  breakerFailureThreshold: 5,
  breakerCoolOffMs: 10_000,
};

/** Proxies and load balancers answer these when the subgraph behind them is down or overloaded. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

class Unavailable extends Error {
  constructor(readonly reason: UnavailableReason) {
    super(reason);
  }
}

function requestBodyOf(body: unknown): SubgraphRequestBody {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString());
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** What the gateway reads instead of the subgraph's answer: HTTP 200 with only errors, which nulls the fields. */
function answerFor(subgraph: string, reason: UnavailableReason, body: unknown): FetcherResponse {
  return new Response(JSON.stringify({ errors: unavailableErrors(subgraph, reason, requestBodyOf(body)) }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * One subgraph's fetches, with a deadline and a circuit breaker. It works at the fetcher, below everything
 * RemoteGraphQLDataSource does with an answer, so whatever else the data source customises, a failed fetch reaches
 * the gateway as a normal GraphQL answer whose errors carry `SUBGRAPH_UNAVAILABLE`, the subgraph's name and the
 * paths of the fields it nulls, and the rest of the query plan carries on.
 *
 * Only failures a client cannot cause count against the circuit: no answer in time, no connection, a proxy's
 * 502/503/504. A 4xx or 500 is an answer (a bad query can provoke one), so it closes the circuit like any success;
 * otherwise one client could switch a subgraph off for everybody.
 */
export class SubgraphGuard {
  readonly breaker: CircuitBreaker;

  constructor(
    readonly subgraph: string,
    private readonly options: SubgraphResilienceOptions,
    private readonly logger: Logger,
  ) {
    this.breaker = new CircuitBreaker({
      failureThreshold: options.breakerFailureThreshold,
      coolOffMs: options.breakerCoolOffMs,
    });
  }

  circuit(): CircuitSnapshot {
    return this.breaker.snapshot();
  }

  /** Wraps the data source's fetcher. */
  fetcher(base: Fetcher): Fetcher {
    return async (url, init) => {
      const admission = this.breaker.admit();
      if (!admission.allowed) return answerFor(this.subgraph, 'circuit-open', init?.body);
      try {
        const response = await this.withDeadline((signal) => this.fetchWhole(base, url, { ...init, signal }));
        this.breaker.succeeded();
        if (admission.probe) this.logger.info({ subgraph: this.subgraph }, 'subgraph answers again: circuit closed');
        return response;
      } catch (error) {
        const reason: UnavailableReason = error instanceof Unavailable ? error.reason : 'unreachable';
        const before = this.breaker.snapshot().state;
        this.breaker.failed(admission.probe);
        const after = this.breaker.snapshot();
        // The cause is logged here, never sent: it can name internal hosts and ports.
        this.logger.warn(
          { subgraph: this.subgraph, reason, err: error instanceof Unavailable ? undefined : error, circuit: after },
          'subgraph fetch failed',
        );
        if (after.state === 'open' && before !== 'open') {
          this.logger.error(
            { subgraph: this.subgraph, coolOffMs: this.options.breakerCoolOffMs },
            'subgraph circuit opened: failing fast until a probe succeeds',
          );
        }
        return answerFor(this.subgraph, reason, init?.body);
      }
    };
  }

  /**
   * What the client gets when the data source could not use an answer that did arrive: an HTTP error without a
   * GraphQL error a client may see (a crashing framework's 500 page, a proxy's 404), a body that does not parse as
   * JSON, JSON that is no object. @apollo/gateway would report one unattributed INTERNAL_SERVER_ERROR (masked in
   * production, its subgraph lost); like an outage, the fields are null with SUBGRAPH_UNAVAILABLE at each. Errors a
   * subgraph meant for the client (BAD_USER_INPUT, FORBIDDEN, ...) are rethrown as they are. Not counted against the
   * circuit: the fetch itself succeeded, and one client's request may be what made the subgraph fail.
   */
  unusableAnswer(error: unknown, request: SubgraphRequestBody): { errors: GraphQLFormattedError[] } {
    const code = error instanceof GraphQLError ? error.extensions.code : undefined;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') throw error;
    const reason: UnavailableReason =
      error instanceof SubgraphHttpError && error.status >= 500 ? 'server-error' : 'bad-response';
    // The cause is logged, never sent: a parse error quotes the body, an HTTP error names the subgraph's status.
    this.logger.warn({ subgraph: this.subgraph, reason, err: error }, 'subgraph answer unusable');
    return { errors: unavailableErrors(this.subgraph, reason, request) };
  }

  /**
   * The deadline covers the answer's body too: a subgraph that sends headers and then stalls is as hung as one that
   * never answers. Aborting frees the socket instead of leaving it to the subgraph's mercy.
   */
  private async withDeadline<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Unavailable('timeout'));
      }, this.options.timeoutMs);
    });
    const work = attempt(controller.signal);
    // Whichever loses the race must not surface as an unhandled rejection.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchWhole(base: Fetcher, url: string, init: Parameters<Fetcher>[1]): Promise<FetcherResponse> {
    let response: FetcherResponse;
    try {
      response = await base(url, init);
    } catch (error) {
      throw init?.signal && (init.signal as AbortSignal).aborted ? new Unavailable('timeout') : error;
    }
    if (GATEWAY_STATUSES.has(response.status)) throw new Unavailable('bad-gateway');
    // A 2xx that is not GraphQL's JSON (a captive proxy's HTML page, say) is no answer from the subgraph either.
    if (response.ok && !/json/i.test(response.headers.get('content-type') ?? '')) throw new Unavailable('bad-response');
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new Unavailable((init?.signal as AbortSignal | undefined)?.aborted ? 'timeout' : 'bad-response');
    }
    const headers = new Headers();
    for (const [name, value] of response.headers) headers.append(name, value);
    // The Response constructor refuses a body on these statuses; a subgraph has no business sending them anyway.
    const bodyless = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(bodyless ? null : text, { status: response.status, statusText: response.statusText, headers });
  }
}

/** A subgraph the supergraph names but this gateway has no URL for (a partial supergraph in tests and benchmarks). */
export function notConfiguredAnswer(
  subgraph: string,
  request: SubgraphRequestBody,
): { errors: ReturnType<typeof unavailableErrors> } {
  return { errors: unavailableErrors(subgraph, 'not-configured', request) };
}
