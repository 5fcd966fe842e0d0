import { buildSchema, parse, validate } from 'graphql';
import { createRateLimiter, depthLimitRule } from '../src/limits';

const schema = buildSchema(`type Query { node: Node } type Node { id: ID child: Node }`);
const nested = (levels: number) => `{ ${'node { child { '.repeat(1)}${'child { '.repeat(Math.max(0, levels - 2))}id${' }'.repeat(Math.max(0, levels - 2))} } } }`;

describe('gateway limits', () => {
  it('refuses queries deeper than the limit, following fragments, with a stable code', () => {
    expect(validate(schema, parse(nested(5)), [depthLimitRule(12)])).toEqual([]);
    const tooDeep = validate(schema, parse(nested(14)), [depthLimitRule(12)]);
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]!.extensions.code).toBe('QUERY_TOO_DEEP');
    const viaFragments = parse(`{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }`);
    expect(validate(schema, viaFragments, [depthLimitRule(3)])[0]!.extensions.code).toBe('QUERY_TOO_DEEP');
    expect(validate(schema, viaFragments, [depthLimitRule(5)])).toEqual([]);
  });

  it('rate-limits each client separately once its burst is spent', () => {
    const limiter = createRateLimiter(60, 3);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });
});
