/**
 * What an error may reveal. Database errors carry the SQL text and its parameters (drizzle's "Failed query:
 * … params: …" message, postgres.js's `query`/`parameters`/`detail` fields), and transport errors carry internal
 * URLs: none of that may reach a client or a log line, where parameters can be passwords, tokens or personal
 * data. Responses (packages/server formatErrorFor) and logs (createLogger's serializers) both go through here,
 * so the rule lives in one place.
 */

/** A PostgreSQL error as postgres.js and PGlite raise it: a five-character SQLSTATE and a severity. */
interface DatabaseErrorShape {
  code: string;
  severity?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  // Bounded: a cause chain can be cyclic.
  while (current && typeof current === 'object' && chain.length < 8) {
    chain.push(current);
    // A GraphQLError keeps what a resolver threw in `originalError`, other wrappers in `cause`.
    const { cause, originalError } = current as { cause?: unknown; originalError?: unknown };
    current = cause ?? originalError;
  }
  return chain;
}

function isDatabaseErrorShape(value: unknown): value is DatabaseErrorShape {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  // Node's own errors have codes too (EPIPE): a severity is what only the database sends.
  return typeof candidate.code === 'string' && SQLSTATE.test(candidate.code) && 'severity' in candidate;
}

/** drizzle's DrizzleQueryError: the SQL text and parameters are in its message. */
function isQueryWrapper(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { query?: unknown }).query === 'string' &&
    'params' in value
  );
}

/** The SQLSTATE of a database error anywhere in the cause chain, or null when it is not one. */
export function sqlStateOf(error: unknown): string | null {
  const found = causesOf(error).find(isDatabaseErrorShape);
  return found ? found.code : null;
}

export function isDatabaseError(error: unknown): boolean {
  return causesOf(error).some((e) => isDatabaseErrorShape(e) || isQueryWrapper(e));
}

/**
 * SQLSTATEs that mean the request carried a value the database refused: class 22 (data exception: out of range,
 * malformed uuid or date, bad encoding), a CHECK or foreign key violation, an index row too large. The request
 * was wrong, not the server; the transaction rolled back, so nothing was written.
 */
export function isBadInputSqlState(code: string): boolean {
  return code.startsWith('22') || code === '23514' || code === '23503' || code === '54000';
}

const URL_LIKE = /\b(?:https?|postgres(?:ql)?|nats|wss?):\/\/[^\s"'<>)\]]+/gi;
const HOST_PORT = /\b(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}\b|\blocalhost:\d{2,5}\b/gi;
const DRIZZLE_QUERY = /Failed query:[\s\S]*/;

/** Removes internal addresses and SQL dumps from a message that is otherwise fine to show. */
export function scrubMessage(message: string): string {
  return message
    .replace(DRIZZLE_QUERY, 'Database query failed.')
    .replace(URL_LIKE, '[internal address]')
    .replace(HOST_PORT, '[internal address]');
}

// eslint-disable-next-line no-control-regex -- U+0000 is what PostgreSQL text cannot store: matching it is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store: NUL bytes and lone surrogates (which a `text` column refuses) become U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * An error as text that may be stored (dead letters, the outbox's last error) or logged: a database error's
 * message without values, any other message without SQL dumps or internal addresses, and nothing a `text`
 * column refuses, so storing the reason can never fail because of the reason.
 */
export function safeErrorText(error: unknown): string {
  const text = isDatabaseError(error)
    ? databaseMessage(error)
    : scrubMessage(error instanceof Error ? error.message : String(error));
  return storableText(text);
}

/** The frames of a stack trace without its header, which repeats the (possibly unsafe) message. */
export function stackFrames(stack: string | undefined): string[] {
  return (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
}

/** A database error's message without values: the text up to the first quoted value or detail. */
function databaseMessage(error: unknown): string {
  const db: (DatabaseErrorShape & { message?: unknown }) | undefined = causesOf(error).find(isDatabaseErrorShape);
  if (!db) return 'Database query failed.';
  const text = typeof db.message === 'string' ? db.message : '';
  // "invalid input syntax for type uuid: \"x\"" / "Key (email)=(…)": everything from the first value on goes.
  const general = text.split(/:\s*"|\s*\(|"/)[0]!.trim();
  return `Database query failed (SQLSTATE ${db.code}${general ? `: ${general}` : ''}).`;
}

export interface SafeErrorRecord {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  sqlState?: string;
  [key: string]: unknown;
}

/** Fields of a database error that name things, never values (postgres.js spelling, then PGlite's). */
const SAFE_DATABASE_FIELDS = [
  'severity',
  'routine',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'schema',
  'table',
  'column',
  'constraint',
] as const;

/**
 * An error as a log record: type, a scrubbed message, frames, code and the names a database error gives (table,
 * constraint), never `query`, `params`, `parameters`, `detail` or `where`. pino's `err` serializer: a
 * `SafeErrorRecord` for an Error, the scrubbed text for a string, anything else as it is.
 */
export function safeErrorRecord(error: unknown): unknown {
  // Some callers log `err: error.message`: a drizzle message is the SQL with its parameters.
  if (typeof error === 'string') return scrubMessage(error);
  if (!(error instanceof Error)) return error;
  const database = isDatabaseError(error);
  const message = database ? databaseMessage(error) : scrubMessage(error.message);
  const record: SafeErrorRecord = {
    type: error.constructor?.name ?? 'Error',
    message,
    stack: [`${error.name}: ${message}`, ...stackFrames(error.stack)].join('\n'),
  };
  if (database) {
    const db = causesOf(error).find(isDatabaseErrorShape) as Record<string, unknown> | undefined;
    if (db) {
      record.sqlState = db.code as string;
      for (const field of SAFE_DATABASE_FIELDS) if (typeof db[field] === 'string') record[field] = db[field];
    }
    return record;
  }
  const { code, extensions } = error as { code?: unknown; extensions?: { code?: unknown } };
  if (code !== undefined) record.code = code;
  if (extensions?.code !== undefined) record.extensionsCode = extensions.code;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) record.cause = safeErrorRecord(cause);
  return record;
}
