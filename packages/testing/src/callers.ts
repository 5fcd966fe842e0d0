import { randomUUID } from 'node:crypto';
import { fromGlobalId } from '@shop/core';
import { USER_ERRORS, type GraphQLResponse, type UserErrorBody } from './graphql';
import type { TestSigner } from './tokens';

/**
 * Who sends an operation. Anonymous is `{}`; a `userId` makes a signed-in caller whose access token the test
 * subgraph's signer mints for each request (so revocation cutoffs see a fresh token, as after a real login);
 * `permissions` makes that caller staff. A `token` (one the auth subgraph issued) is sent as it is instead.
 */
export interface Caller {
  readonly userId?: string;
  readonly permissions?: readonly string[];
  readonly token?: string;
  /** The client IP the gateway would forward (`x-client-ip`). */
  readonly ip?: string;
  readonly userAgent?: string;
}

/** A caller with a known user id. */
export interface SignedInCaller extends Caller {
  readonly userId: string;
}

export const ANONYMOUS: Caller = Object.freeze({});

/** A signed-in customer (no permissions), a fresh user unless `userId` is given. */
export const customer = (userId: string = randomUUID()): SignedInCaller => ({ userId });

/** Staff with exactly `permissions` (possibly none), a fresh user unless `userId` is given. */
export const staff = (permissions: readonly string[], userId: string = randomUUID()): SignedInCaller => ({
  userId,
  permissions,
});

/** Two distinct customers, for "A cannot see or change B's things" tests. */
export const CUSTOMER_A: SignedInCaller = customer();
export const CUSTOMER_B: SignedInCaller = customer();

/** The user `userId`: a customer, or staff with `permissions` when given. */
export const asUser = (userId: string, permissions?: readonly string[]): SignedInCaller =>
  permissions === undefined ? customer(userId) : staff(permissions, userId);

/** A caller's user id may be the global ID a response carried; tokens carry the raw UUID, as auth's do. */
function rawUserId(userId: string | undefined): string | undefined {
  const decoded = fromGlobalId(userId);
  return decoded?.typeName === 'User' ? decoded.id : userId;
}

/** The request headers `caller` sends, its token minted by `signer` unless it carries one. */
export async function callerHeaders(signer: TestSigner, caller: Caller): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const signedIn = caller.userId !== undefined || caller.permissions !== undefined;
  const token =
    caller.token ??
    (signedIn
      ? await signer.mint({
          userId: rawUserId(caller.userId),
          staff: caller.permissions !== undefined,
          permissions: [...(caller.permissions ?? [])],
        })
      : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  if (caller.ip) headers['x-client-ip'] = caller.ip;
  if (caller.userAgent) headers['user-agent'] = caller.userAgent;
  return headers;
}

/** Sends operations as a caller: a subgraph's or the gateway's endpoint, seen from a test. */
export interface GraphQLClient {
  /** Any response, errors included. */
  request: <T>(query: string, variables?: Record<string, unknown>, caller?: Caller) => Promise<GraphQLResponse<T>>;
  /** The data of a response that must not carry errors. */
  data: <T>(query: string, variables?: Record<string, unknown>, caller?: Caller) => Promise<T>;
  /**
   * A fixture's write: runs `<mutation>(input: $input)` as `caller` (its input type is `<Mutation>Input`, as every
   * mutation's is) and answers the payload read with `selection`; userErrors fail the fixture, named in the message.
   */
  mutate: <P>(mutation: string, input: unknown, selection: string, caller?: Caller) => Promise<P>;
}

/** A client over `post` (which adds whatever the endpoint itself requires), with `caller`'s headers per request. */
export function graphqlClient(
  post: (body: unknown, headers: Record<string, string>) => Promise<Response>,
  headersOf: (caller: Caller) => Promise<Record<string, string>>,
): GraphQLClient {
  async function request<T>(
    query: string,
    variables: Record<string, unknown> = {},
    caller: Caller = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await post({ query, variables }, await headersOf(caller));
    return (await response.json()) as GraphQLResponse<T>;
  }
  async function data<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<T> {
    const body = await request<T>(query, variables, caller);
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
  return {
    request,
    data,
    async mutate<P>(mutation: string, input: unknown, selection: string, caller?: Caller): Promise<P> {
      const inputType = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
      const answer = await data<Record<string, (P & { userErrors: UserErrorBody[] }) | undefined>>(
        `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} ${USER_ERRORS} } }`,
        { input },
        caller,
      );
      const { userErrors, ...payload } = answer[mutation]!;
      if (userErrors.length > 0) throw new Error(`${mutation} failed: ${JSON.stringify(userErrors)}`);
      return payload as P;
    },
  };
}
