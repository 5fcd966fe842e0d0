import { GraphQLError } from 'graphql';

/** Relay connections with opaque cursors. Cursors encode the keyset position, never an offset. */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount?: number;
}

export type CursorValue = string | number | boolean | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === length &&
      parsed.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    ) {
      return parsed as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('The cursor is not valid for this list.', {
    extensions: { code: 'BAD_USER_INPUT', field: ['after|before'] },
  });
}

export interface Window {
  /** Rows to fetch: page size + 1, to learn whether another page exists. */
  limit: number;
  size: number;
  /** Paging backwards: the query runs in reverse order and the rows are flipped afterwards. */
  backward: boolean;
  cursor: CursorValue[] | null;
}

/** Validates page arguments: one direction at a time, 0..100 items. */
export function pageWindow(args: PageArgs, cursorLength: number): Window {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw new GraphQLError('Pass either `first` or `last`, not both.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`Page size must be between 0 and ${MAX_PAGE_SIZE}.`, {
      extensions: { code: 'BAD_USER_INPUT', field: [first != null ? 'first' : 'last'] },
    });
  }
  const backward = last != null || (before != null && first == null);
  const raw = backward ? before : after;
  if (!backward && before != null) {
    throw new GraphQLError('`before` goes with `last`.', { extensions: { code: 'BAD_USER_INPUT', field: ['before'] } });
  }
  return { limit: size + 1, size, backward, cursor: raw ? decodeCursor(raw, cursorLength) : null };
}

/** Builds a connection from rows fetched with `window.limit` in the window's direction. */
export function toConnection<T>(
  rows: T[],
  window: Window,
  cursorOf: (row: T) => CursorValue[],
  totalCount?: number,
): Connection<T> {
  const hasMore = rows.length > window.size;
  const page = rows.slice(0, window.size);
  if (window.backward) page.reverse();
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: window.backward ? window.cursor !== null : hasMore,
      hasPreviousPage: window.backward ? hasMore : window.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    ...(totalCount !== undefined ? { totalCount } : {}),
  };
}
