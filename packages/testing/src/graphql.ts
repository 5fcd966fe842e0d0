/**
 * What every subgraph's tests send and read: the gateway's credential, the response shapes, and the
 * `userErrors` selection every mutation payload carries.
 */

/** The credential test subgraphs require in `x-gateway-credential`, as the gateway would send it. */
export const GATEWAY_SECRET = 'test-secret';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string[] };
}

export interface GraphQLResponse<T> {
  data: T | null;
  errors?: GraphQLErrorBody[];
}

export interface UserErrorBody {
  code: string;
  field: string[] | null;
  message: string;
}

export const USER_ERRORS = 'userErrors { code field message }';

/** An `_entities` query, as the gateway sends it, selecting `selection` on the resolved objects. */
export const ENTITIES = (selection: string): string => `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ${selection} }
}`;

let serial = 0;
/** A suffix no other call in this process returns, for slugs, SKUs and codes that must not collide. */
export const uniqueSuffix = (): string => `${Date.now().toString(36)}${(serial++).toString(36)}`;

/** `prefix-<unique suffix>`. */
export const unique = (prefix: string): string => `${prefix}-${uniqueSuffix()}`;

/** A unique email, e.g. "ada-lq3k9x2@example.com". */
export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${uniqueSuffix()}@example.com`;

/**
 * Polls `check` until it returns a value (anything but undefined) or the deadline passes: tests wait for
 * outcomes, never for a fixed time, so they pass on a slow machine too.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${options.what ?? 'condition'} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}
