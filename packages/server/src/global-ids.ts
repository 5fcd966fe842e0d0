import {
  GraphQLError,
  Kind,
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, toGlobalId, uuidOfGlobalId } from '@shop/core';

/**
 * Global IDs at the edge of a subgraph: the one place where raw UUIDs become the opaque ids clients see and back.
 *
 * Each `ID` in a subgraph's schema names the type of object it identifies, by its schema coordinate:
 * - an object type's own `id` field names that type, by default (`Product.id` → Product);
 * - every other `ID` (output fields such as `ProductDeletePayload.deletedProductId`, input fields such as
 *   `VariantCreateInput.productId`, arguments such as `Query.product(id:)`) is declared in the subgraph's
 *   `globalIds` map. An `ID` that is neither is refused when the schema is built, so no id escapes unencoded.
 * Outputs are encoded by wrapping the field's resolver; arguments and input fields are decoded before the
 * resolver runs (after the permission rules), and a malformed or wrong-type id is BAD_USER_INPUT with
 * `extensions.field` (['input', 'id']) and `extensions.argumentPath` ('input.id') naming the argument. Entity references (`_entities`) arrive with global ids (the
 * gateway reads key values from the `id` fields, which are encoded): `__resolveReference` receives the raw UUID,
 * and a representation whose id does not decode to the entity's type resolves to null.
 */

/** Schema coordinate (`Type.field`, `Input.field`, `Type.field(arg:)`) → the type its ids name. */
export type GlobalIdMap = Readonly<Record<string, string>>;

type ResolveReference = (reference: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/** The error a caller gets for an id that does not decode to the expected type. */
export function invalidGlobalIdError(typeName: string, field: readonly (string | number)[]): GraphQLError {
  const path = field.map(String);
  return new GraphQLError(`${path.join('.') || 'id'} is not a valid ${typeName} ID.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: path, argumentPath: path.join('.') },
  });
}

/** The raw UUID of a global ID a caller sent, or the BAD_USER_INPUT error naming `field`. */
export function decodeGlobalId(typeName: string, value: unknown, field: readonly (string | number)[]): string {
  const uuid = uuidOfGlobalId(value, typeName);
  if (uuid === null) throw invalidGlobalIdError(typeName, field);
  return uuid;
}

function hasIdKey(type: GraphQLObjectType): boolean {
  return [type.astNode, ...type.extensionASTNodes].some((node) =>
    node?.directives?.some(
      (d) =>
        d.name.value === 'key' &&
        d.arguments?.some(
          (a) => a.name.value === 'fields' && a.value.kind === Kind.STRING && a.value.value.trim() === 'id',
        ),
    ),
  );
}

/** Object types with `@key(fields: "id")`: the entities `node(id:)` can fetch. */
export function idKeyedEntityTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('_') && hasIdKey(t),
  );
}

const isIdType = (type: GraphQLInputType | GraphQLField<unknown, unknown>['type']): boolean =>
  getNamedType(type).name === 'ID';

/** Encodes a resolved value (an id, a list of ids, null) of `typeName`. */
function encode(typeName: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => encode(typeName, v));
  if (typeof value !== 'string') throw new Error(`a ${typeName} id resolved to a ${typeof value}, not a UUID string`);
  return toGlobalId(typeName, value);
}

type Decoder = (value: unknown, path: (string | number)[]) => unknown;

/**
 * Builds the decoder of one input type, or null when nothing inside it is an ID to decode.
 * `typeOfCoordinate` tells which type an input field's ids name.
 */
function decoderFor(
  type: GraphQLInputType,
  idType: string | undefined,
  typeOfInputField: (input: string, field: string) => string | undefined,
  building: Map<string, Decoder | null | 'building'>,
): Decoder | null {
  if (isNonNullType(type)) return decoderFor(type.ofType, idType, typeOfInputField, building);
  if (isListType(type)) {
    const item = decoderFor(type.ofType, idType, typeOfInputField, building);
    if (!item) return null;
    return (value, path) =>
      Array.isArray(value)
        ? value.map((v, i) => item(v, [...path, i]))
        : value === null || value === undefined
          ? value
          : item(value, path);
  }
  if (isInputObjectType(type)) {
    const known = building.get(type.name);
    if (known !== undefined) {
      if (known !== 'building') return known;
      // A recursive input: decode through the entry being built (filled in below).
      const name = type.name;
      return (value, path) => {
        const decoder = building.get(name);
        return typeof decoder === 'function' ? decoder(value, path) : value;
      };
    }
    building.set(type.name, 'building');
    const fields: Array<[string, Decoder]> = [];
    for (const field of Object.values(type.getFields())) {
      const decoder = decoderFor(
        field.type,
        isIdType(field.type) ? typeOfInputField(type.name, field.name) : undefined,
        typeOfInputField,
        building,
      );
      if (decoder) fields.push([field.name, decoder]);
    }
    if (fields.length === 0) {
      building.set(type.name, null);
      return null;
    }
    const decoder: Decoder = (value, path) => {
      if (value === null || value === undefined || typeof value !== 'object') return value;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [name, decode] of fields)
        if (copy[name] !== undefined && copy[name] !== null) copy[name] = decode(copy[name], [...path, name]);
      return copy;
    };
    building.set(type.name, decoder);
    return decoder;
  }
  if (type.name !== 'ID' || !idType) return null;
  const target = idType;
  return (value, path) => (value === null || value === undefined ? value : decodeGlobalId(target, value, path));
}

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/**
 * Applies global IDs to a subgraph's schema, in place (see the top of this file). Throws, naming them, when an
 * `ID` field, input field or argument has no declared type.
 */
export function applyGlobalIds(schema: GraphQLSchema, declared: GlobalIdMap, subgraph: string): GraphQLSchema {
  const used = new Set<string>();
  const missing: string[] = [];
  const typeOf = (coordinate: string, fallback?: string): string | undefined => {
    const declaredType = declared[coordinate];
    if (declaredType !== undefined) {
      used.add(coordinate);
      return declaredType;
    }
    if (fallback === undefined) missing.push(coordinate);
    return fallback;
  };
  const building = new Map<string, Decoder | null | 'building'>();
  const typeOfInputField = (input: string, field: string) => typeOf(`${input}.${field}`);

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
    for (const field of Object.values(type.getFields())) {
      if (FEDERATION_FIELDS.has(field.name)) continue;
      // Outputs: the object's own id names its type; any other ID field is declared.
      if (isIdType(field.type)) {
        const idType = typeOf(`${type.name}.${field.name}`, field.name === 'id' ? type.name : undefined);
        if (idType) {
          const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
          field.resolve = (source, args, context, info) => {
            const value = resolve(source, args, context, info);
            return value instanceof Promise ? value.then((v) => encode(idType, v)) : encode(idType, value);
          };
        }
      }
      // Inputs: decode the arguments (and ids inside input objects) before the resolver sees them.
      const decoders: Array<[string, Decoder]> = [];
      for (const arg of field.args) {
        const argType = isIdType(arg.type) ? typeOf(`${type.name}.${field.name}(${arg.name}:)`) : undefined;
        const decoder = decoderFor(arg.type, argType, typeOfInputField, building);
        if (decoder) decoders.push([arg.name, decoder]);
      }
      if (decoders.length > 0) {
        const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
        field.resolve = (source, args: Record<string, unknown>, context, info) => {
          const decoded = { ...args };
          for (const [name, decode] of decoders)
            if (decoded[name] !== undefined && decoded[name] !== null) decoded[name] = decode(decoded[name], [name]);
          return resolve(source, decoded, context, info);
        };
      }
    }
  }
  const unused = Object.keys(declared).filter((c) => !used.has(c));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `${subgraph}: global IDs ${missing.length ? `undeclared for ${[...new Set(missing)].join(', ')}` : ''}` +
        `${missing.length && unused.length ? '; ' : ''}${unused.length ? `declared for no ID of the schema: ${unused.join(', ')}` : ''}` +
        ` (the subgraph's globalIds map names the type each ID identifies).`,
    );
  }

  // Entity references arrive with global ids; the subgraph's __resolveReference receives the raw UUID.
  for (const type of idKeyedEntityTypes(schema)) {
    const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } };
    const original = extensions.apollo?.subgraph?.resolveReference;
    const resolveReference: ResolveReference = (reference, context, info) => {
      const uuid = uuidOfGlobalId(reference.id, type.name);
      if (uuid === null) return null;
      const raw = { ...reference, id: uuid };
      return original ? original(raw, context, info) : raw;
    };
    (type as { extensions: unknown }).extensions = {
      ...type.extensions,
      apollo: { ...extensions.apollo, subgraph: { ...extensions.apollo?.subgraph, resolveReference } },
    };
  }
  return schema;
}
