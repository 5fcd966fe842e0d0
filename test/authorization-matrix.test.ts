import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { matrix, prepare, type Access, type MatrixContext } from './support/authorization-table';
import { startIdentitySupergraph, type IdentitySupergraph, type Persona } from './support/identity-supergraph';

/**
 * Every Query and Mutation field of the composed supergraph × {anonymous, customer A, customer B,
 * staff without the permission, staff with it}, run through the gateway with real signed-in accounts.
 * The table lives in support/authorization-table.ts; a root field missing from it fails here.
 */
const supergraphSdl = readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
// The supergraph's join directives are not needed to list its fields: strip them to a plain schema.
const apiSchema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
const rootFields = [
  ...Object.keys(apiSchema.getQueryType()?.getFields() ?? {}).map((f) => `Query.${f}`),
  ...Object.keys(apiSchema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
].sort();

type PersonaName = 'anonymous' | 'customerA' | 'customerB' | 'staffWithout' | 'staffWith';
const PERSONAS: PersonaName[] = ['anonymous', 'customerA', 'customerB', 'staffWithout', 'staffWith'];

function expected(access: Access, persona: PersonaName): 'allowed' | 'denied' {
  switch (access.kind) {
    case 'public':
      return 'allowed';
    case 'authenticated':
      return persona === 'anonymous' ? 'denied' : 'allowed';
    case 'anyStaff':
      return persona === 'staffWith' || persona === 'staffWithout' ? 'allowed' : 'denied';
    case 'owner':
      // The operation targets customer A's data; staff may act on it only with the permission, if any.
      if (persona === 'customerA') return 'allowed';
      if (persona === 'staffWith' && access.staffPermission) return 'allowed';
      return 'denied';
    case 'permission':
      return persona === 'staffWith' ? 'allowed' : 'denied';
  }
}

describe('the authorization matrix', () => {
  it('has a row for every Query and Mutation field of the supergraph, and no row for a field that is gone', () => {
    expect(Object.keys(matrix).sort()).toEqual(rootFields);
  });

  let env: IdentitySupergraph;
  const personas = new Map<string, Persona>();
  let ctx: MatrixContext;

  beforeAll(async () => {
    env = await startIdentitySupergraph('authzmatrix');
    personas.set('customerA', await env.persona('Customer A'));
    personas.set('customerB', await env.persona('Customer B'));
    // Staff holding a permission no row needs, so it is "staff without" for every row.
    personas.set('staffWithout', await env.persona('Staff Without', ['audit:read']));
    ctx = await prepare(env, personas.get('customerA')!);
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  const staffWith = async (permission: string): Promise<Persona> => {
    const key = `staffWith:${permission}`;
    if (!personas.has(key)) personas.set(key, await env.persona(`Staff ${permission}`, [permission]));
    return personas.get(key)!;
  };

  it.each(rootFields)('%s admits exactly whom its row says', async (field) => {
    const row = matrix[field];
    if (!row) throw new Error(`${field} has no row in test/support/authorization-table.ts`);
    const outcomes: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const persona of PERSONAS) {
      let who: Persona | undefined;
      if (persona === 'staffWith') {
        const permission =
          row.access.kind === 'permission'
            ? row.access.permission
            : row.access.kind === 'owner'
              ? row.access.staffPermission
              : undefined;
        who = permission ? await staffWith(permission) : personas.get('staffWithout');
      } else if (persona !== 'anonymous') {
        who = personas.get(persona);
      }
      // Operations that end a session get a session of their own, so later rows keep working.
      if (who && row.consumesSession) who = { ...who, headers: await ctx.freshSession(who) };
      const { query, variables } = row.operation(ctx);
      const result = await env.gql<Record<string, unknown>>(query, variables ?? {}, who?.headers ?? {});
      outcomes[persona] = classify(result, row.access.kind === 'owner');
      wanted[persona] = expected(row.access, persona);
    }
    expect(outcomes).toEqual(wanted);
  });
});

/**
 * denied: a GraphQL error UNAUTHENTICATED/FORBIDDEN; for owner-scoped rows also a null result or a NOT_FOUND
 * userError (another customer's data is indistinguishable from data that does not exist). Anything else
 * reached the resolver: allowed (userErrors for the harmless inputs the table uses included).
 */
function classify(
  result: { status: number; data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] },
  ownerScoped: boolean,
): 'allowed' | 'denied' {
  const codes = (result.errors ?? []).map((e) => e.extensions?.code);
  if (codes.some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN') || result.status === 401) return 'denied';
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  if (ownerScoped) {
    const value = Object.values(result.data ?? {})[0] as { userErrors?: { code: string }[] } | null | undefined;
    if (value === null) return 'denied';
    const userErrors = value?.userErrors ?? [];
    if (userErrors.some((e) => e.code === 'NOT_FOUND')) return 'denied';
  }
  return 'allowed';
}
