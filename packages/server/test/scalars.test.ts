import { GraphQLError, Kind } from 'graphql';
import { DateTime, Decimal } from '../src/scalars';

/** The shared scalars refuse bad values with BAD_USER_INPUT (as variables and as literals), never anything else. */
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof GraphQLError ? String(error.extensions.code) : `not a GraphQLError: ${String(error)}`;
  }
}

const stringLiteral = (value: string) => ({ kind: Kind.STRING, value }) as const;

describe('Decimal', () => {
  it.each([
    ['NaN'],
    [''],
    ['12,50'],
    ['1e400'],
    ['Infinity'],
    ['0x10'],
    ['9'.repeat(400)],
    ['1234567890123456'],
    [' '],
    ['1.'],
    ['.5'],
    ['--1'],
  ])('refuses %j as BAD_USER_INPUT', (value) => {
    expect(codeOf(() => Decimal.parseValue(value))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => Decimal.parseLiteral(stringLiteral(value)))).toBe('BAD_USER_INPUT');
  });

  it.each([[12.5], [Infinity], [null], [true], [{}]])('refuses the non-string %j', (value) => {
    expect(codeOf(() => Decimal.parseValue(value))).toBe('BAD_USER_INPUT');
  });

  it('refuses a number literal', () => {
    expect(codeOf(() => Decimal.parseLiteral({ kind: Kind.FLOAT, value: '12.5' }))).toBe('BAD_USER_INPUT');
  });

  it.each([['19.99'], ['-0'], ['999999999999999.99'], ['0.000000000000000001'], [' 7 ']])('accepts %j', (value) => {
    expect(Decimal.parseValue(value)).toBe(value.trim());
  });

  it('does not echo a huge refused value back in full', () => {
    try {
      Decimal.parseValue('9'.repeat(100_000));
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });
});

describe('DateTime', () => {
  it.each([
    ['not-a-date'],
    [''],
    ['0000-01-01T00:00:00Z'],
    ['+275760-09-13T00:00:00Z'],
    ['-000001-01-01T00:00:00Z'],
    ['10000-01-01T00:00:00Z'],
    ['2025-02-30T00:00:00Z'],
    ['2023-02-29T00:00:00Z'],
    ['2025-13-01T00:00:00Z'],
    ['2025-01-01T24:00:00Z'],
    ['2025-01-01T10:60:00Z'],
    ['2025-01-01T10:00:00'],
    ['2025-01-01'],
    ['March 7, 2025'],
    ['2025-01-01T10:00:00+25:00'],
    ['9999-12-31T23:59:59-14:00'],
    ['0001-01-01T00:00:00+01:00'],
  ])('refuses %j as BAD_USER_INPUT', (value) => {
    expect(codeOf(() => DateTime.parseValue(value))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateTime.parseLiteral(stringLiteral(value)))).toBe('BAD_USER_INPUT');
  });

  it.each([[1700000000000], [null], [{}]])('refuses the non-string %j', (value) => {
    expect(codeOf(() => DateTime.parseValue(value))).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['2025-01-31T14:05:00Z', '2025-01-31T14:05:00.000Z'],
    ['2024-02-29T23:30:00+14:00', '2024-02-29T09:30:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2025-06-01T12:00Z', '2025-06-01T12:00:00.000Z'],
  ])('accepts %j', (value, iso) => {
    expect(DateTime.parseValue(value).toISOString()).toBe(iso);
  });

  it('serializes what the database returns, a Date or a driver string', () => {
    expect(DateTime.serialize(new Date('2025-01-01T00:00:00Z'))).toBe('2025-01-01T00:00:00.000Z');
    expect(DateTime.serialize('2025-01-01 00:00:00+00')).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('Decimal output', () => {
  it('serializes what the server computed, even beyond the 15 integer digits a client may send', () => {
    expect(Decimal.serialize('1234567890123456789.50')).toBe('1234567890123456789.50');
    expect(() => Decimal.serialize(12.5)).toThrow();
  });
});
