import {
  GraphQLInputObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
} from 'graphql';

/**
 * The values the hostile-input fuzz sends, by the input type they target, and the schema walk that decides
 * where each goes. Two kinds: values that must be refused (BAD_USER_INPUT or a validation error, nothing
 * written), and values that may be accepted or refused but must never be a server error.
 */

/** An enum value sent as a literal (inline) or as its name (variables). */
export class EnumLiteral {
  constructor(readonly name: string) {}
}

export interface Hostile {
  label: string;
  value: unknown;
  /** true: the call must be refused as bad input; false: any answer but a server error will do. */
  mustRefuse: boolean;
}

const refuse = (label: string, value: unknown): Hostile => ({ label, value, mustRefuse: true });
const tolerate = (label: string, value: unknown): Hostile => ({ label, value, mustRefuse: false });

const LONG = 'x'.repeat(100_000);
const UNSTORABLE_TEXT = [
  refuse('NUL byte', 'nul\u0000byte'),
  refuse('lone high surrogate', '\uD800lone'),
  refuse('lone low surrogate', 'lone\uDC00'),
];

/** Hostile values for one target; `baseline` is a valid-looking value of the target's own type. */
export function hostileValuesFor(type: GraphQLInputType, baseline: unknown): Hostile[] {
  const named = getNamedType(type);
  if (isListType(isNonNullType(type) ? type.ofType : type)) {
    return [
      refuse('list of null', [null]),
      tolerate(
        '10,000-item list',
        Array.from({ length: 10_000 }, (): unknown => (Array.isArray(baseline) ? baseline[0] : baseline)),
      ),
      tolerate('empty list', []),
    ];
  }
  if (isEnumType(named)) {
    const first = named.getValues()[0]!.name;
    return [
      refuse('unknown enum value', new EnumLiteral('NOT_A_VALUE')),
      refuse('lower-case enum value', first.toLowerCase() === first ? 'x' : first.toLowerCase()),
      refuse('number as enum', 1),
    ];
  }
  if (isInputObjectType(named)) {
    return [
      refuse('string instead of an object', 'not an object'),
      refuse('unknown field', { ...(baseline as object), notAField: 1 }),
    ];
  }
  switch (named.name) {
    case 'String':
      return [
        ...UNSTORABLE_TEXT,
        refuse('number as string', 12345),
        tolerate('100 KB string', LONG),
        tolerate('empty string', ''),
        tolerate('emoji and RTL override', '😀\u202eevil'),
        tolerate('whitespace', '   '),
      ];
    case 'ID':
      return [
        ...UNSTORABLE_TEXT,
        refuse('boolean as id', true),
        tolerate('malformed id', 'not-a-uuid'),
        tolerate('nil uuid', '00000000-0000-0000-0000-000000000000'),
        tolerate('number as id', -1),
        tolerate('relay-style global id', 'UHJvZHVjdDox'),
        tolerate('10 KB id', 'f'.repeat(10_000)),
      ];
    case 'Int':
      return [
        refuse('beyond 32 bits', 2147483648),
        refuse('fraction', 1.5),
        refuse('string as int', '12'),
        tolerate('max int', 2147483647),
        tolerate('min int', -2147483648),
        tolerate('zero', 0),
        tolerate('minus one', -1),
      ];
    case 'Float':
      return [
        refuse('string as float', '1.5'),
        tolerate('huge float', 1.7976931348623157e308),
        tolerate('tiny float', 5e-324),
        tolerate('negative huge', -1e308),
      ];
    case 'Boolean':
      return [refuse('string as boolean', 'true'), refuse('number as boolean', 1)];
    case 'Decimal':
      return [
        refuse('NaN', 'NaN'),
        refuse('empty decimal', ''),
        refuse('comma decimal', '12,50'),
        refuse('exponent', '1e400'),
        refuse('number as decimal', 12.5),
        refuse('400 digits', '9'.repeat(400)),
        refuse('Infinity', 'Infinity'),
        refuse('hex', '0x10'),
        tolerate('largest decimal', '999999999999999.99'),
        tolerate('negative decimal', '-999999999999999'),
        tolerate('tiny fraction', '0.000000000000000001'),
        tolerate('negative zero', '-0'),
      ];
    case 'DateTime':
      return [
        refuse('not a date', 'not-a-date'),
        refuse('year zero', '0000-01-01T00:00:00Z'),
        refuse('six-digit year', '+275760-09-13T00:00:00Z'),
        refuse('year 10000', '10000-01-01T00:00:00Z'),
        refuse('30 February', '2025-02-30T00:00:00Z'),
        refuse('hour 25', '2025-01-01T25:00:00Z'),
        refuse('no zone', '2025-01-01T10:00:00'),
        refuse('epoch number', 1700000000000),
        refuse('past year 9999 in UTC', '9999-12-31T23:59:59-14:00'),
        tolerate('first instant', '0001-01-01T00:00:00Z'),
        tolerate('last instant', '9999-12-31T23:59:59.999Z'),
        tolerate('far offset', '2024-02-29T23:30:00+14:00'),
      ];
    case 'JSON':
      return [...UNSTORABLE_TEXT, refuse('NUL in a key', { 'k\u0000': 1 }), tolerate('deep JSON', nest(200))];
    default:
      throw new Error(`no hostile values for scalar ${named.name}: add them here`);
  }
}

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A plausible value for a type: required input fields only, ids that match nothing, wrong passwords. */
export function baselineFor(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return baselineFor(type.ofType);
  if (isListType(type)) return [baselineFor(type.ofType)];
  if (isEnumType(type)) return new EnumLiteral(type.getValues()[0]!.name);
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, baselineFor(field.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return '7f3c2b1a-0000-4000-8000-00000000f022';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'Decimal':
        return '1.00';
      case 'DateTime':
        return '2030-01-01T00:00:00Z';
      case 'JSON':
        return {};
      default:
        return 'fuzz';
    }
  }
  throw new Error(`no baseline for ${String(type)}`);
}

/** One place a hostile value can go: an argument, or a field inside an argument's input object (any depth). */
export interface Target {
  /** `product.slug`, `productCreate.input.variants.0.sku` */
  path: string;
  argument: GraphQLArgument;
  /** Field names (and 0 for list items) from the argument's value down to the target. */
  inside: (string | 0)[];
  type: GraphQLInputType;
}

export function targetsOf(fieldName: string, argument: GraphQLArgument): Target[] {
  const targets: Target[] = [];
  const walk = (type: GraphQLInputType, inside: (string | 0)[], seen: Set<string>) => {
    targets.push({ path: [fieldName, argument.name, ...inside].join('.'), argument, inside, type });
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    if (isListType(unwrapped)) {
      const item = unwrapped.ofType;
      const named = getNamedType(item);
      // One level into lists of input objects: their fields are where names, skus and values hide.
      if (isInputObjectType(named) && !seen.has(named.name)) walkFields(named, [...inside, 0], seen);
      return;
    }
    if (isInputObjectType(unwrapped) && !seen.has(unwrapped.name)) walkFields(unwrapped, inside, seen);
  };
  const walkFields = (type: GraphQLInputObjectType, inside: (string | 0)[], seen: Set<string>) => {
    const next = new Set(seen).add(type.name);
    for (const field of Object.values<GraphQLInputField>(type.getFields()))
      walk(field.type, [...inside, field.name], next);
  };
  walk(argument.type, [], new Set());
  return targets;
}

/** The argument's value with `value` placed at `inside` (list items become a one-item list). */
export function placeInside(baseline: unknown, inside: (string | 0)[], value: unknown): unknown {
  if (inside.length === 0) return value;
  const [head, ...rest] = inside;
  if (head === 0) {
    const item: unknown = Array.isArray(baseline) ? baseline[0] : baseline;
    return [placeInside(item, rest, value)];
  }
  const object = (baseline && typeof baseline === 'object' && !Array.isArray(baseline) ? baseline : {}) as Record<
    string,
    unknown
  >;
  return { ...object, [head!]: placeInside(object[head!], rest, value) };
}

/**
 * The argument's baseline with every object on the way to a target present: an optional input object
 * (`filter`, `address`) is filled with its required fields so the hostile value has somewhere to go.
 */
export function baselineAlong(argument: GraphQLArgument, inside: (string | 0)[]): unknown {
  const fill = (value: unknown, path: (string | 0)[], type: GraphQLInputType): unknown => {
    if (path.length === 0) return value;
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    const [head, ...rest] = path;
    if (head === 0 && isListType(unwrapped)) {
      const item: unknown = Array.isArray(value) && value.length ? value[0] : baselineFor(unwrapped.ofType);
      return [fill(item, rest, unwrapped.ofType)];
    }
    if (isInputObjectType(unwrapped) && typeof head === 'string') {
      const field = unwrapped.getFields()[head]!;
      const object = (value && typeof value === 'object' ? value : baselineFor(unwrapped)) as Record<string, unknown>;
      const current = object[head] ?? (rest.length ? baselineFor(field.type) : undefined);
      return { ...object, [head]: fill(current, rest, field.type) };
    }
    return value;
  };
  return fill(baselineFor(argument.type), inside, argument.type);
}

/** Prints a JS value as a GraphQL literal (strings JSON-escaped, which GraphQL accepts, enums bare). */
export function literal(value: unknown): string {
  if (value instanceof EnumLiteral) return value.name;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{ ${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}: ${literal(item)}`)
    .join(', ')} }`;
}

/** The same value as a variable: enum literals become their names. */
export function asVariable(value: unknown): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(asVariable);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asVariable(v)]));
  return value;
}
