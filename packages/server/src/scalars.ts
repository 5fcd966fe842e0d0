import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * Scalars that several subgraphs declare: each subgraph's SDL carries the same definition (composition requires
 * it), and its resolvers take the implementation from here, so the wire format is the same everywhere.
 */

const badInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** How a refused value is quoted in a message: short, so a 100 KB value is not echoed back. */
const quoted = (value: unknown): string => {
  const text = typeof value === 'string' ? globalThis.JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/**
 * Strict ISO-8601 date-time with a zone: `Date.parse` alone accepts "March 7", year 0, six-digit years and
 * 30 February (rolled over to March), which PostgreSQL then refuses or stores as a different day.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;

function parseDateTime(value: string): Date | null {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const [offsetHours, offsetMinutes] = [Number(match[8] ?? 0), Number(match[9] ?? 0)];
  // Years 1..9999: what every database and client round-trips; hour 24 and second 60 are not accepted.
  if (
    year! < 1 ||
    month! < 1 ||
    month! > 12 ||
    hour! > 23 ||
    minute! > 59 ||
    Number(second) > 59 ||
    offsetHours > 18 ||
    offsetMinutes > 59
  )
    return null;
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1]!;
  if (day! < 1 || day! > daysInMonth) return null;
  const date = new Date(value);
  // An offset can carry 9999-12-31 past year 9999 (or 0001-01-01 before year 1) in UTC, where it is stored.
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return null;
  return date;
}

function toDate(value: unknown): Date {
  const date = typeof value === 'string' ? parseDateTime(value) : null;
  if (!date)
    throw badInput(
      `DateTime must be an ISO-8601 date-time with a zone between years 0001 and 9999, like "2025-01-31T14:05:00Z"; got ${quoted(value)}.`,
    );
  return date;
}

/** ISO-8601 in UTC ("2025-01-31T14:05:00.000Z") at the API; a Date inside. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time as an ISO-8601 string in UTC with millisecond precision.',
  // Output comes from the database (a Date, or a driver's string): only input must be strict.
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date.');
    return date.toISOString();
  },
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string like "2025-01-31T14:05:00Z".');
    return toDate(ast.value);
  },
});

/**
 * At most 15 integer digits: amounts become bigint minor units (up to 3 decimals for KWD), and 10^18 is what a
 * PostgreSQL bigint holds. "NaN", "", "12,50", "1e400", numbers and digit floods are refused.
 */
const DECIMAL = /^-?\d{1,15}(\.\d{1,18})?$/;

function toDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw badInput(`Decimal must be a string like "19.99" (at most 15 integer digits); got ${quoted(value)}.`);
  }
  return value.trim();
}

/** An exact decimal as a string ("19.99"); the currency's decimal places are checked by the use cases. */
export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal amount as a string, e.g. "19.99", never a floating-point number.',
  // Output is computed by the server (sums, conversions) and may be longer than what a client may send.
  serialize: (value) => {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value))
      throw new GraphQLError('Decimal cannot represent a non-decimal value.');
    return value;
  },
  parseValue: (value) => toDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('Decimal must be a string like "19.99", not a number.');
    return toDecimal(ast.value);
  },
});

/** Any JSON value, returned as is (the export document); accepted as is from variables and literals. */
export const JSON = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value (object, array, string, number, boolean or null), passed through as is.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => valueFromLiteral(ast),
});

function valueFromLiteral(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(valueFromLiteral);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, valueFromLiteral(field.value)]));
    default:
      throw badInput('JSON literals cannot contain variables or enum values.');
  }
}

/** A DateTime argument as a Date: the scalar parses input to Dates, but its generated type also admits strings. null and undefined pass through. */
export function asDate(value: Date | string | null | undefined): Date | null | undefined {
  if (value === null || value === undefined) return value;
  return value instanceof Date ? value : new Date(value);
}
