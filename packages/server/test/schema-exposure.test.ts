import { ConfigError } from '@shop/core';
import { schemaExposureFromEnv, withoutSuggestions } from '../src/schema-exposure';

describe('schemaExposureFromEnv', () => {
  it('turns introspection and hints off in production and keeps them on elsewhere', () => {
    expect(schemaExposureFromEnv(true, {})).toEqual({ introspection: false, suggestions: false });
    expect(schemaExposureFromEnv(false, {})).toEqual({ introspection: true, suggestions: true });
  });

  it('lets each be switched on its own, either way', () => {
    expect(schemaExposureFromEnv(true, { GRAPHQL_INTROSPECTION: 'true' })).toEqual({
      introspection: true,
      suggestions: false,
    });
    expect(schemaExposureFromEnv(true, { GRAPHQL_SUGGESTIONS: '1' })).toEqual({
      introspection: false,
      suggestions: true,
    });
    expect(schemaExposureFromEnv(false, { GRAPHQL_INTROSPECTION: 'no', GRAPHQL_SUGGESTIONS: 'false' })).toEqual({
      introspection: false,
      suggestions: false,
    });
    // Empty counts as unset, like every other variable (`FOO=` in a compose file).
    expect(schemaExposureFromEnv(true, { GRAPHQL_INTROSPECTION: '' })).toEqual({
      introspection: false,
      suggestions: false,
    });
  });

  it('refuses a value that is not a boolean, naming the variable', () => {
    expect(() => schemaExposureFromEnv(true, { GRAPHQL_INTROSPECTION: 'maybe' })).toThrow(ConfigError);
    expect(() => schemaExposureFromEnv(true, { GRAPHQL_SUGGESTIONS: 'off' })).toThrow(
      /GRAPHQL_SUGGESTIONS: must be true or false/,
    );
  });
});

describe('withoutSuggestions', () => {
  it.each([
    ['Cannot query field "nam" on type "Product". Did you mean "name"?', 'Cannot query field "nam" on type "Product".'],
    [
      'Unknown argument "frist" on field "Query.products". Did you mean "first"?',
      'Unknown argument "frist" on field "Query.products".',
    ],
    [
      'Value "NEWES" does not exist in "ProductSort" enum. Did you mean the enum value "NEWEST"?',
      'Value "NEWES" does not exist in "ProductSort" enum.',
    ],
    ['Cannot query field "x" on type "T". Did you mean "a", "b", or "c"?', 'Cannot query field "x" on type "T".'],
    [
      'Variable "$f" got invalid value { serach: "x" }; Field "serach" is not defined by type "ProductFilter". Did you mean "search"?',
      'Variable "$f" got invalid value { serach: "x" }; Field "serach" is not defined by type "ProductFilter".',
    ],
    ['Cannot query field "x" on type "T".', 'Cannot query field "x" on type "T".'],
  ])('%s', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });
});
