import { fromGlobalId, toGlobalId } from '@shop/core';

/** The global ID clients see for a raw UUID of `typeName` (what a test sends to GraphQL). */
export const gid = (typeName: string, uuid: string): string => toGlobalId(typeName, uuid);

/** The raw UUID inside a global ID a response carried (what a test checks in the database or passes to a command). */
export function rawId(globalId: string, typeName?: string): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || (typeName && decoded.typeName !== typeName))
    throw new Error(`not a global ID${typeName ? ` of ${typeName}` : ''}: ${globalId}`);
  return decoded.id;
}

/** The global ID of `id` when it is a raw UUID (a fixture's own), else `id` as it is (already global, or deliberately malformed). */
export const asGid = (typeName: string, id: string): string =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? gid(typeName, id) : id;
