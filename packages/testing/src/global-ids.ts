import { fromGlobalId, toGlobalId } from '@shop/core';

/** The global ID clients see for a raw UUID of `typeName` (what a test sends to GraphQL). */
export const gid = (typeName: string, uuid: string): string => toGlobalId(typeName, uuid);

/** The raw UUID inside a global ID a response carried (what a test checks in the database or passes to a command). */
export function rawId(globalId: string, typeName?: string): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || (typeName && decoded.typeName !== typeName)) throw new Error(`not a global ID${typeName ? ` of ${typeName}` : ''}: ${globalId}`);
  return decoded.id;
}
