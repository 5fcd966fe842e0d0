import { parse } from 'graphql';
import { findUnstorableText } from '../src/storable-text';

/** Unit tests of the one check every subgraph and the gateway run over arguments and variables. */
describe('findUnstorableText', () => {
  const find = (source: string, variables?: Record<string, unknown>) => findUnstorableText(parse(source), variables);

  it('finds a NUL in an inline argument and names the field and argument', () => {
    expect(find('{ product(slug: "a\\u0000") { id } }')).toEqual({ path: 'product.slug', reason: 'NUL character' });
  });

  it('names the alias, nested input fields and list positions', () => {
    const found = find(
      'mutation { create: productCreate(input: { name: "ok", variants: [{ sku: "ok" }, { sku: "b\\u0000" }] }) { __typename } }',
    );
    expect(found?.path).toBe('create.input.variants.1.sku');
  });

  it('finds NUL and lone surrogates anywhere in the variables, object keys included', () => {
    expect(find('query ($s: String) { a(s: $s) }', { s: 'x\u0000' })).toEqual({ path: '$s', reason: 'NUL character' });
    expect(find('query ($i: I) { a(i: $i) }', { i: { list: ['ok', '\uD800'] } })?.path).toBe('$i.list.1');
    expect(find('query ($i: I) { a(i: $i) }', { i: { list: ['\uDC00tail'] } })?.reason).toBe(
      'invalid UTF-16 (lone surrogate)',
    );
    expect(find('query ($j: JSON) { a(j: $j) }', { j: { 'k\u0000': 1 } })?.path).toBe('$j."k\\u0000"');
  });

  it('looks into fragments, inline fragments, directive arguments and variable defaults', () => {
    expect(find('{ ...F } fragment F on Query { a(s: "\\u0000") }')?.path).toBe('...F.a.s');
    expect(find('{ ... on Query { b { a(s: "\\u0000") } } }')?.path).toBe('b.a.s');
    expect(find('{ a @tag(name: "\\u0000") }')?.path).toBe('a.name');
    expect(find('query ($s: String = "\\u0000") { a(s: $s) }')?.path).toBe('$s');
  });

  it('refuses variables nested deeper than any input type, instead of not looking', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(find('query ($l: [String]) { a(l: $l) }', { l: deep })?.reason).toBe('nested too deeply');
  });

  it('accepts ordinary text, emoji (a valid surrogate pair) and empty strings', () => {
    expect(find('query ($s: String) { a(s: "Łódź 😀", t: "") }', { s: '😀 \u202e ok', n: 1, b: null })).toBeNull();
  });
});
