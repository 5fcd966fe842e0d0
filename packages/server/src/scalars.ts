import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * Scalars that several subgraphs declare: each subgraph's SDL carries the same definition (composition requires
 * it), and its resolvers take the implementation from here, so the wire format is the same everywhere.
 */

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time string.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** ISO-8601 in UTC ("2025-01-31T14:05:00.000Z") at the API; a Date inside. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time as an ISO-8601 string in UTC with millisecond precision.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
    return toDate(ast.value);
  },
});

const DECIMAL = /^-?\d{1,18}(\.\d{1,18})?$/;

function toDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw new GraphQLError('Decimal must be a string like "19.99".', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value.trim();
}

/** An exact decimal as a string ("19.99"); the currency's decimal places are checked by the use cases. */
export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal amount as a string, e.g. "19.99", never a floating-point number.',
  serialize: (value) => toDecimal(value),
  parseValue: (value) => toDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
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
      throw new GraphQLError('JSON literals cannot contain variables or enum values.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}
