import { GraphQLError } from 'graphql';
import { isUuid } from '@shop/core';

/** A cursor that decoded but does not belong to this list (another sort, a tampered value). */
export const invalidCursor = (): GraphQLError =>
  new GraphQLError('The cursor is not valid for this list.', { extensions: { code: 'BAD_USER_INPUT', field: ['after|before'] } });

export function cursorId(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw invalidCursor();
  return value;
}

export function cursorString(value: unknown): string {
  if (typeof value !== 'string') throw invalidCursor();
  return value;
}
