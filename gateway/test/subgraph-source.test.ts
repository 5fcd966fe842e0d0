import { createLogger } from '@shop/core';
import { SubgraphGuard } from '../src/subgraph-source';

/**
 * Which subgraph answers count against its circuit. The guard sits at the fetcher, so a fake fetcher drives it
 * without a network; the real faults (refused, hung, stalled, HTML) are driven through the gateway in
 * test/attacks/subgraph-outage.test.ts.
 */
const logger = createLogger('guard', 'silent');
const body = JSON.stringify({ query: '{ review(id: "1") { id } }' });
const json = (status: number) =>
  new Response(JSON.stringify({ errors: [{ message: 'x' }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function guardWith(answer: () => Promise<Response>) {
  const guard = new SubgraphGuard(
    'reviews',
    { timeoutMs: 200, breakerFailureThreshold: 2, breakerCoolOffMs: 60_000 },
    logger,
  );
  let calls = 0;
  const fetcher = guard.fetcher(async () => {
    calls += 1;
    return answer();
  });
  return { guard, fetcher, calls: () => calls };
}

describe('SubgraphGuard', () => {
  it.each([400, 401, 413, 500])('passes an HTTP %i through untouched and keeps the circuit closed', async (status) => {
    const { guard, fetcher } = guardWith(async () => json(status));
    for (let i = 0; i < 5; i++) expect((await fetcher('http://reviews/graphql', { body })).status).toBe(status);
    expect(guard.circuit().state).toBe('closed');
  });

  it.each([502, 503, 504])('counts an HTTP %i from a proxy as the subgraph being down', async (status) => {
    const { guard, fetcher, calls } = guardWith(async () => json(status));
    for (let i = 0; i < 2; i++) {
      const answer = await fetcher('http://reviews/graphql', { body });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        errors: [
          {
            message: expect.any(String),
            path: ['review'],
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'reviews', reason: 'bad-gateway' },
          },
        ],
      });
    }
    expect(guard.circuit().state).toBe('open');
    const refused = (await (await fetcher('http://reviews/graphql', { body })).json()) as {
      errors: { extensions: { reason: string } }[];
    };
    expect(refused.errors[0]?.extensions.reason).toBe('circuit-open');
    expect(calls()).toBe(2);
  });

  it('times out a fetch that never answers, and a refused connection counts too', async () => {
    const hung = guardWith(() => new Promise<Response>(() => undefined));
    const started = Date.now();
    const answer = (await (await hung.fetcher('http://reviews/graphql', { body })).json()) as {
      errors: { extensions: { reason: string } }[];
    };
    expect(answer.errors[0]?.extensions.reason).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const refused = guardWith(() =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:4005'), { code: 'ECONNREFUSED' })),
    );
    const text = await (await refused.fetcher('http://reviews/graphql', { body })).text();
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { reason: 'unreachable' } }] });
    expect(text).not.toContain('10.1.2.3');
  });
});
