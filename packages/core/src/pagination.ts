import { badInput, type DomainError } from './errors';
import { isUuid } from './ids';

/**
 * Relay connections with opaque cursors, the one helper every list in every subgraph uses: forward and backward
 * paging, `edges`, `nodes`, `pageInfo`, a lazy `totalCount`, at most 100 items a page, and one invalid-cursor
 * error. Cursors encode the keyset position, never an offset.
 */

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
  /**
   * A function, not a number: counting a large filtered set costs as much as the page itself and most pages
   * never ask. graphql-js's default resolver calls it only when `totalCount` is selected; it counts once.
   */
  totalCount: () => Promise<number>;
}

export type CursorValue = string | number | boolean | null;

/** The one message every list gives for a cursor it did not issue (malformed, tampered, another list's or sort's). */
export const INVALID_CURSOR_MESSAGE = 'The cursor is not valid for this list.';

export const invalidCursor = (): DomainError => badInput(INVALID_CURSOR_MESSAGE, ['after|before']);

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
  throw invalidCursor();
}

/**
 * Typed reads of one position of a decoded cursor. A cursor that decodes but holds the wrong type somewhere was
 * not issued by this list; each read refuses it with the same error, before any value reaches SQL.
 */
export const cursorPart = {
  /** The list's tag (its name or sort order), so a cursor of another list or sort is refused, not silently misread. */
  tag(value: CursorValue | undefined, expected: string): void {
    if (value !== expected) throw invalidCursor();
  },
  /** The positions after the list's tag, once the tag is checked. */
  tagged(values: CursorValue[], expected: string): CursorValue[] {
    if (values[0] !== expected) throw invalidCursor();
    return values.slice(1);
  },
  /** A position this list (or this sort order) leaves empty. */
  none(value: CursorValue | undefined): null {
    if (value !== null) throw invalidCursor();
    return null;
  },
  uuid(value: CursorValue | undefined): string {
    if (typeof value !== 'string' || !isUuid(value)) throw invalidCursor();
    return value;
  },
  text(value: CursorValue | undefined): string {
    if (typeof value !== 'string') throw invalidCursor();
    return value;
  },
  /**
   * A timestamp exactly as `Date#toISOString` writes it (what lists put in their cursors): looser forms that
   * JavaScript parses ("1", "Jan 1") are not what PostgreSQL parses, and would fail later with another error.
   */
  time(value: CursorValue | undefined): string {
    if (typeof value !== 'string') throw invalidCursor();
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== value) throw invalidCursor();
    return value;
  },
  number(value: CursorValue | undefined): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor();
    return value;
  },
  integer(value: CursorValue | undefined): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidCursor();
    return value;
  },
};

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
  if (first != null && last != null) throw badInput('Pass either `first` or `last`, not both.');
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`Page size must be between 0 and ${MAX_PAGE_SIZE}.`, [first != null ? 'first' : 'last']);
  }
  const backward = last != null || (before != null && first == null);
  const raw = backward ? before : after;
  if (!backward && before != null) throw badInput('`before` goes with `last`.', ['before']);
  if (backward && after != null) throw badInput('`after` goes with `first`.', ['after']);
  return { limit: size + 1, size, backward, cursor: raw ? decodeCursor(raw, cursorLength) : null };
}

/** Counts once, on first call, however many times `totalCount` is resolved. */
function lazyCount(count: () => Promise<number>): () => Promise<number> {
  let pending: Promise<number> | null = null;
  return () => (pending ??= count());
}

/**
 * Builds a connection from rows fetched with `window.limit` in the window's direction (backward windows fetch in
 * reverse order; the page is flipped here). `count` counts the whole list, and only if a client asks.
 */
export function toConnection<T>(
  rows: T[],
  window: Window,
  cursorOf: (row: T) => CursorValue[],
  count: () => Promise<number>,
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
    totalCount: lazyCount(count),
  };
}

/** The answer for a filter that can match nothing (an id that is not a UUID, a status the caller may not see). */
export function emptyConnection<T>(window: Window): Connection<T> {
  return toConnection<T>(
    [],
    window,
    () => [],
    async () => 0,
  );
}

/** What a store needs for one page: the decoded cursor (null on the first page), the direction and the row limit. */
export interface PageRequest<Cursor> {
  cursor: Cursor | null;
  backward: boolean;
  limit: number;
}

/** A keyset-paginated list, as `keysetConnection` pages it. */
export interface KeysetList<Row, Cursor> {
  /** How many values a cursor of this list holds. */
  cursorLength: number;
  /** The cursor's values, checked with `cursorPart` (an invalid one throws the one invalid-cursor error). */
  decode: (values: CursorValue[]) => Cursor;
  /** A row's cursor values. */
  encode: (row: Row) => CursorValue[];
  /** One page of rows in the request's direction; null when the list can match nothing (the cursor is still checked). */
  fetch: ((page: PageRequest<Cursor>) => Promise<Row[]>) | null;
  /** The whole list's size, counted only if a client asks for `totalCount`. */
  count: () => Promise<number>;
}

/** One page of a keyset-paginated list: page arguments and cursor checked, one fetch, the connection built. */
export async function keysetConnection<Row, Cursor>(
  args: PageArgs,
  list: KeysetList<Row, Cursor>,
): Promise<Connection<Row>> {
  const window = pageWindow(args, list.cursorLength);
  const cursor = window.cursor ? list.decode(window.cursor) : null;
  if (!list.fetch) return emptyConnection(window);
  const rows = await list.fetch({ cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, list.encode, list.count);
}
