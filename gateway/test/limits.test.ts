import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from '../src/limits';
import { createCostBudget } from '../src/cost-budget';

const schema = buildSchema(`type Query { node: Node } type Node { id: ID child: Node }`);
const nested = (levels: number) =>
  `{ ${'node { child { '.repeat(1)}${'child { '.repeat(Math.max(0, levels - 2))}id${' }'.repeat(Math.max(0, levels - 2))} } } }`;

describe('gateway limits', () => {
  it('refuses queries deeper than the limit, following fragments, with a stable code', () => {
    expect(validate(schema, parse(nested(5)), [depthLimitRule(12)])).toEqual([]);
    const tooDeep = validate(schema, parse(nested(14)), [depthLimitRule(12)]);
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]!.extensions.code).toBe('QUERY_TOO_DEEP');
    const viaFragments = parse(
      `{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }`,
    );
    expect(validate(schema, viaFragments, [depthLimitRule(3)])[0]!.extensions.code).toBe('QUERY_TOO_DEEP');
    expect(validate(schema, viaFragments, [depthLimitRule(5)])).toEqual([]);
  });

  it('measures depth through a fan-out of fragment spreads in linear time', () => {
    // 40 fragments, each spreading the next 10 times: 10^40 paths if every spread were walked again.
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39 ? `fragment F${i} on Node { child { id } }` : `fragment F${i} on Node { ${`...F${i + 1} `.repeat(10)}}`,
    ).join('\n');
    const started = performance.now();
    expect(validate(schema, parse(`{ node { ...F0 } } ${fragments}`), [depthLimitRule(12)])).toEqual([]);
    const elapsed = performance.now() - started;
    console.log(`depth of a 10^40-path fragment fan-out: ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(2000);
  });

  it('spends cost from a per-client budget that refills continuously and refuses an overdraft whole', () => {
    let now = 0;
    const budget = createCostBudget(600, () => now); // 600 points a minute = 10 a second, bucket of 600
    expect(budget.spend('a', 500)).toEqual({ ok: true, remaining: 100 });
    const refused = budget.spend('a', 250);
    expect(refused).toEqual({ ok: false, remaining: 100, retryAfterSeconds: 15 });
    expect(budget.available('a')).toBe(100); // the refused request spent nothing
    expect(budget.spend('b', 600).ok).toBe(true); // another client has its own bucket
    now += 15_000;
    expect(budget.spend('a', 250)).toEqual({ ok: true, remaining: 0 });
    now += 3_600_000;
    expect(budget.available('a')).toBe(600); // never more than one minute's budget
    budget.drain('a', 5000); // a refusal's charge takes what is left, never below zero
    expect(budget.available('a')).toBe(0);
    now += 1_000;
    expect(budget.available('a')).toBe(10);
  });
});
