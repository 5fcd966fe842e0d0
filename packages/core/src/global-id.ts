/**
 * Global IDs: what clients see as an object's `id`. base64url(`<TypeName>:<uuid>`) without padding, e.g.
 * `UHJvZHVjdDowMTk...`: opaque (clients must not parse it), naming its type, so `node(id:)` can route it and a
 * normalized client cache keys objects by `id` alone. Inside the platform (database, events, commands, tokens,
 * internal headers) ids stay raw UUIDs: the server layer encodes on the way out and decodes on the way in, once.
 */

/** A GraphQL type name (the part before the colon). */
const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;
/** Longest encoding of a 64-character type name, a colon and a 36-character UUID. */
const MAX_GLOBAL_ID_LENGTH = Math.ceil(((64 + 1 + 36) * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Any UUID PostgreSQL's `uuid` type prints (lower-case hex, any version, nil included). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DecodedGlobalId {
  typeName: string;
  /** The raw UUID, lower-case. */
  id: string;
}

/** Encodes a raw UUID of `typeName`. Throws on a value that is not a UUID: that is a bug, never the caller's input. */
export function toGlobalId(typeName: string, uuid: string): string {
  if (!TYPE_NAME.test(typeName)) throw new Error(`toGlobalId: "${typeName}" is not a type name`);
  if (typeof uuid !== 'string' || !UUID.test(uuid.toLowerCase()))
    throw new Error(`toGlobalId: the ${typeName} id is not a UUID`);
  return Buffer.from(`${typeName}:${uuid.toLowerCase()}`, 'utf8').toString('base64url');
}

/**
 * Decodes a global ID strictly: base64url without padding that re-encodes to the very same string, of the form
 * `<TypeName>:<uuid>` with a lower-case UUID. Anything else (empty, padded, standard base64, another alphabet, a
 * raw UUID, a huge string) is null: callers answer BAD_USER_INPUT.
 */
export function fromGlobalId(globalId: unknown): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > MAX_GLOBAL_ID_LENGTH) return null;
  if (!BASE64URL.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  // Non-canonical spellings (stray trailing bits, invalid UTF-8) decode to something that re-encodes differently.
  if (Buffer.from(text, 'utf8').toString('base64url') !== globalId) return null;
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const typeName = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!TYPE_NAME.test(typeName) || !UUID.test(id)) return null;
  return { typeName, id };
}

/** The raw UUID of a global ID of `typeName`, or null when it is malformed or names another type. */
export function uuidOfGlobalId(globalId: unknown, typeName: string): string | null {
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.typeName === typeName ? decoded.id : null;
}
