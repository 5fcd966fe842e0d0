import { GraphQLError } from 'graphql';
import { isUuid } from '@shop/core';

/** A cursor that decoded but does not belong to this list (a tampered value). */
export const invalidCursor = (): GraphQLError =>
  new GraphQLError('The cursor is not valid for this list.', { extensions: { code: 'BAD_USER_INPUT', field: ['after|before'] } });

export function cursorId(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw invalidCursor();
  return value;
}

export function cursorTime(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidCursor();
  return value;
}
