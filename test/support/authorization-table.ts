import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentitySupergraph, Persona } from './identity-supergraph';

/**
 * The authorization matrix's table: who may call each Query and Mutation field of the supergraph.
 * Each operation uses harmless input (unknown ids, wrong passwords, invalid values) so an admitted caller
 * reaches the resolver and gets data or userErrors, and nothing a later row needs is destroyed.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  /** Any staff member, whatever their permissions. */
  | { kind: 'anyStaff' }
  /** Targets customer A's own data; staff may act on it only with `staffPermission`. */
  | { kind: 'owner'; staffPermission?: string }
  | { kind: 'permission'; permission: string };

export interface MatrixContext {
  customerA: Persona;
  /** Ids that row files' own `prepare` created (e.g. a review by customer A), by name. */
  resources: Record<string, string>;
  /** Customer A's first address. */
  addressId: string;
  /** A fresh session (new login) for a persona, for rows that end the session they run in. */
  freshSession(persona: Persona): Promise<Record<string, string>>;
}

export interface Row {
  access: Access;
  consumesSession?: boolean;
  operation(ctx: MatrixContext): { query: string; variables?: Record<string, unknown> };
}

const PUBLIC: Access = { kind: 'public' };
const AUTHENTICATED: Access = { kind: 'authenticated' };
const CATALOG_WRITE: Access = { kind: 'permission', permission: 'catalog:write' };
const USERS_READ: Access = { kind: 'permission', permission: 'users:read' };
const USERS_MANAGE: Access = { kind: 'permission', permission: 'users:manage' };
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});
const nowhere = () => randomUUID();
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const ERRORS = 'userErrors { code }';

/**
 * Rows of further subgraphs live one file per subgraph in ./authorization/ (each exports `rows` and may export
 * `prepare(env, ctx)` returning named resources): several people can add subgraphs without editing this file.
 */
interface RowFile {
  rows: Record<string, Row>;
  prepare?(env: IdentitySupergraph, ctx: MatrixContext): Promise<Record<string, string>>;
}
const rowFiles: RowFile[] = readdirSync(join(__dirname, 'authorization'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- file names known only at run time, loaded synchronously at module load
  .map((f) => require(join(__dirname, 'authorization', f)) as RowFile);

const coreRows: Record<string, Row> = {
  // node: public; the owning subgraph decides what each caller may see of the object (here: none exists)
  'Query.node': { access: PUBLIC, operation: () => ({ query: `{ node(id: "${nowhereId('Product')}") { id } }` }) },
  'Query.nodes': { access: PUBLIC, operation: () => ({ query: `{ nodes(ids: ["${nowhereId('Review')}"]) { id } }` }) },
  // products: reads are public, every write needs catalog:write
  'Query.product': { access: PUBLIC, operation: () => ({ query: `{ product(slug: "no-such-product") { id } }` }) },
  'Query.products': { access: PUBLIC, operation: () => ({ query: `{ products(first: 1) { totalCount } }` }) },
  'Query.category': { access: PUBLIC, operation: () => ({ query: `{ category(slug: "no-such-category") { id } }` }) },
  'Query.categories': { access: PUBLIC, operation: () => ({ query: `{ categories(first: 1) { totalCount } }` }) },
  'Mutation.productCreate': {
    access: CATALOG_WRITE,
    operation: () => ({ query: `mutation { productCreate(input: { name: "" }) { ${ERRORS} } }` }),
  },
  'Mutation.productUpdate': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { productUpdate(input: { id: "${nowhereId('Product')}", name: "x" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.productDelete': {
    access: CATALOG_WRITE,
    operation: () => ({ query: `mutation { productDelete(input: { id: "${nowhereId('Product')}" }) { ${ERRORS} } }` }),
  },
  'Mutation.variantCreate': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { variantCreate(input: { productId: "${nowhereId('Product')}", sku: "X-1" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.variantUpdate': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { variantUpdate(input: { id: "${nowhereId('ProductVariant')}", sku: "X-2" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.variantDelete': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { variantDelete(input: { id: "${nowhereId('ProductVariant')}" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.categoryCreate': {
    access: CATALOG_WRITE,
    operation: () => ({ query: `mutation { categoryCreate(input: { name: "" }) { ${ERRORS} } }` }),
  },
  'Mutation.categoryUpdate': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { categoryUpdate(input: { id: "${nowhereId('Category')}", name: "x" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.categoryDelete': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { categoryDelete(input: { id: "${nowhereId('Category')}" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.mediaAdd': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { mediaAdd(input: { productId: "${nowhereId('Product')}", kind: IMAGE, url: "https://images.example.com/a.jpg" }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.mediaReorder': {
    access: CATALOG_WRITE,
    operation: () => ({
      query: `mutation { mediaReorder(input: { productId: "${nowhereId('Product')}", mediaIds: [] }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.mediaRemove': {
    access: CATALOG_WRITE,
    operation: () => ({ query: `mutation { mediaRemove(input: { id: "${nowhereId('Media')}" }) { ${ERRORS} } }` }),
  },
  // users: profiles are their owner's; staff read with users:read and manage with users:manage
  'Query.me': { access: PUBLIC, operation: () => ({ query: `{ me { id } }` }) },
  'Query.user': {
    access: { kind: 'owner', staffPermission: 'users:read' },
    operation: (c) => ({ query: `{ user(id: "${c.customerA.userId}") { id email } }` }),
  },
  'Query.users': { access: USERS_READ, operation: () => ({ query: `{ users(first: 1) { totalCount } }` }) },
  'Mutation.register': {
    access: PUBLIC,
    operation: () =>
      mutation('register', `{ email: "matrix-${nowhere()}@example.com", password: "short", name: "Matrix" }`),
  },
  'Mutation.profileUpdate': {
    access: AUTHENTICATED,
    operation: () => mutation('profileUpdate', `{ phone: "not a phone" }`),
  },
  'Mutation.preferencesUpdate': {
    access: AUTHENTICATED,
    operation: () =>
      mutation(
        'preferencesUpdate',
        `{ notifications: [{ kind: SECURITY_ALERTS, email: false, sms: false, push: false }] }`,
      ),
  },
  'Mutation.addressCreate': {
    access: AUTHENTICATED,
    operation: () =>
      mutation(
        'addressCreate',
        `{ firstName: "M", lastName: "X", line1: "1 St", city: "C", postalCode: "1", country: "ZZ" }`,
      ),
  },
  // Owner-only, staff included: another customer's address is NOT_FOUND.
  'Mutation.addressUpdate': {
    access: { kind: 'owner' },
    operation: (c) => mutation('addressUpdate', `{ id: "${c.addressId}", firstName: "Ada" }`),
  },
  'Mutation.addressDelete': {
    access: AUTHENTICATED,
    operation: () => mutation('addressDelete', `{ id: "${nowhereId('Address')}" }`),
  },
  'Mutation.accountDelete': {
    access: AUTHENTICATED,
    operation: () => mutation('accountDelete', `{ password: "not-the-password-1", confirm: true }`),
  },
  'Mutation.exportMyData': {
    access: AUTHENTICATED,
    operation: () => ({ query: `mutation { exportMyData { ${ERRORS} } }` }),
  },
  'Mutation.userDisable': {
    access: USERS_MANAGE,
    operation: () => mutation('userDisable', `{ userId: "${nowhereId('User')}", reason: "matrix" }`),
  },
  'Mutation.userEnable': {
    access: USERS_MANAGE,
    operation: (c) => mutation('userEnable', `{ userId: "${c.customerA.userId}" }`),
  },
  // auth: sign-in is open; account security needs a session; staff administration needs users:manage
  'Query.staffPermissions': {
    access: USERS_MANAGE,
    operation: (c) => ({ query: `{ staffPermissions(userId: "${c.customerA.userId}") }` }),
  },
  'Query.knownStaffPermissions': {
    access: { kind: 'anyStaff' },
    operation: () => ({ query: `{ knownStaffPermissions { __typename } }` }),
  },
  'Mutation.login': {
    access: PUBLIC,
    operation: () => mutation('login', `{ email: "nobody-${nowhere()}@example.com", password: "wrong-password-1" }`),
  },
  'Mutation.verifyMfa': {
    access: PUBLIC,
    operation: () => mutation('verifyMfa', `{ challenge: "${nowhere()}", code: "000000" }`),
  },
  'Mutation.refreshSession': {
    access: PUBLIC,
    operation: () => mutation('refreshSession', `{ refreshToken: "${nowhere()}" }`),
  },
  'Mutation.logout': { access: AUTHENTICATED, consumesSession: true, operation: () => mutation('logout', `{}`) },
  'Mutation.passwordChange': {
    access: AUTHENTICATED,
    operation: () =>
      mutation('passwordChange', `{ currentPassword: "not-the-password-1", newPassword: "Another-long-passphrase-9" }`),
  },
  'Mutation.passwordResetRequest': {
    access: PUBLIC,
    operation: () => mutation('passwordResetRequest', `{ email: "nobody-${nowhere()}@example.com" }`),
  },
  'Mutation.passwordResetConfirm': {
    access: PUBLIC,
    operation: () =>
      mutation(
        'passwordResetConfirm',
        `{ token: "${nowhere()}${nowhere()}", newPassword: "Another-long-passphrase-9" }`,
      ),
  },
  'Mutation.mfaEnroll': { access: AUTHENTICATED, operation: () => ({ query: `mutation { mfaEnroll { ${ERRORS} } }` }) },
  'Mutation.mfaConfirm': { access: AUTHENTICATED, operation: () => mutation('mfaConfirm', `{ code: "000000" }`) },
  'Mutation.mfaDisable': {
    access: AUTHENTICATED,
    operation: () => mutation('mfaDisable', `{ password: "not-the-password-1" }`),
  },
  'Mutation.sessionRevoke': {
    access: AUTHENTICATED,
    operation: () => mutation('sessionRevoke', `{ sessionId: "${nowhereId('Session')}" }`),
  },
  'Mutation.staffPermissionsGrant': {
    access: USERS_MANAGE,
    operation: () =>
      mutation('staffPermissionsGrant', `{ userId: "${nowhereId('User')}", permissions: ["audit:read"] }`),
  },
  'Mutation.staffPermissionsRevoke': {
    access: USERS_MANAGE,
    operation: () =>
      mutation('staffPermissionsRevoke', `{ userId: "${nowhereId('User')}", permissions: ["audit:read"] }`),
  },
};

export const matrix: Record<string, Row> = Object.fromEntries(
  [coreRows, ...rowFiles.map((f) => f.rows)].flatMap((rows) => Object.entries(rows)),
);

/** Creates what owner-scoped rows act on (customer A's address) and the fresh-session helper. */
export async function prepare(env: IdentitySupergraph, customerA: Persona): Promise<MatrixContext> {
  const address = await env.gql<{ addressCreate: { address: { id: string } | null } }>(
    `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { id } userErrors { code message } } }`,
    {
      input: {
        firstName: 'Ada',
        lastName: 'A',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    },
    customerA.headers,
  );
  const addressId = address.data?.addressCreate.address?.id;
  if (!addressId) throw new Error(`addressCreate for customer A: ${JSON.stringify(address)}`);
  const ctx: MatrixContext = {
    customerA,
    resources: {},
    addressId,
    async freshSession(persona) {
      const login = await env.gql<{ login: { accessToken: string | null } }>(
        `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
        { input: { email: persona.email, password: persona.password } },
      );
      const token = login.data?.login.accessToken;
      if (!token) throw new Error(`fresh login for ${persona.label}: ${JSON.stringify(login)}`);
      return { authorization: `Bearer ${token}` };
    },
  };
  for (const file of rowFiles) Object.assign(ctx.resources, await file.prepare?.(env, ctx));
  return ctx;
}
