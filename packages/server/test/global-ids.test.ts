import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { toGlobalId } from '@shop/core';
import {
  applyGlobalIds,
  buildNodeSubgraphSchema,
  idKeyedTypesOfSdl,
  nodeSubgraphSdl,
  nodeTypesOfSupergraph,
} from '../src';

const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { thing(id: ID!): Thing  things(filter: ThingFilter): [Thing!]! }
  type Mutation { thingDelete(input: ThingDeleteInput!): ThingDeletePayload! }
  type Thing @key(fields: "id") { id: ID!  ownerId: ID  partIds: [ID!]! }
  input ThingFilter { ownerId: ID  nested: ThingFilter }
  input ThingDeleteInput { id: ID!  partIds: [ID!] }
  type ThingDeletePayload { deletedThingId: ID }
`;
const DECLARED = {
  'Query.thing(id:)': 'Thing',
  'Thing.ownerId': 'User',
  'Thing.partIds': 'Part',
  'ThingFilter.ownerId': 'User',
  'ThingDeleteInput.id': 'Thing',
  'ThingDeleteInput.partIds': 'Part',
  'ThingDeletePayload.deletedThingId': 'Thing',
};
const uuid = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const owner = '0192f3a4-5b6c-7d8e-9f01-000000000001';

/** What the resolvers received, to prove they see raw UUIDs only. */
const seen: unknown[] = [];
const thing = (id: string) => ({ id, ownerId: owner, partIds: [uuid] });
const resolvers = {
  Query: {
    thing: (_: unknown, args: { id: string }) => (seen.push(args), thing(args.id)),
    things: (_: unknown, args: unknown) => (seen.push(args), [thing(uuid)]),
  },
  Mutation: {
    thingDelete: (_: unknown, args: { input: { id: string } }) => (seen.push(args), { deletedThingId: args.input.id }),
  },
  Thing: { __resolveReference: (reference: { id: string }) => (seen.push(reference), thing(reference.id)) },
};
const schema = () =>
  applyGlobalIds(buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: resolvers as never }]), DECLARED, 'test');
const run = (source: string, variableValues?: Record<string, unknown>) =>
  graphql({ schema: schema(), source, variableValues });

beforeEach(() => void (seen.length = 0));

describe('applyGlobalIds', () => {
  it('encodes ids on the way out and decodes arguments, nested inputs and lists on the way in', async () => {
    const id = toGlobalId('Thing', uuid);
    const out = await run(`query ($id: ID!) { thing(id: $id) { id ownerId partIds } }`, { id });
    expect(out).toEqual({
      data: { thing: { id, ownerId: toGlobalId('User', owner), partIds: [toGlobalId('Part', uuid)] } },
    });
    expect(seen).toEqual([{ id: uuid }]);
    await run(`query ($f: ThingFilter) { things(filter: $f) { id } }`, {
      f: { ownerId: toGlobalId('User', owner), nested: { ownerId: null } },
    });
    expect(seen).toEqual([{ id: uuid }, { filter: { ownerId: owner, nested: { ownerId: null } } }]);
    const deleted = await run(`mutation ($i: ThingDeleteInput!) { thingDelete(input: $i) { deletedThingId } }`, {
      i: { id, partIds: [toGlobalId('Part', uuid)] },
    });
    expect(deleted).toEqual({ data: { thingDelete: { deletedThingId: id } } });
  });

  it.each([
    ['malformed', 'nope', ['input', 'id']],
    ['a raw UUID', uuid, ['input', 'id']],
    ['of another type', toGlobalId('User', uuid), ['input', 'id']],
  ])('refuses an id that is %s with BAD_USER_INPUT naming it, before the resolver runs', async (_what, bad, field) => {
    const out = await run(`mutation ($i: ThingDeleteInput!) { thingDelete(input: $i) { deletedThingId } }`, {
      i: { id: bad },
    });
    expect(out.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field, argumentPath: field.join('.') },
    ]);
    expect(seen).toEqual([]);
  });

  it('names the list element that is wrong', async () => {
    const out = await run(`mutation ($i: ThingDeleteInput!) { thingDelete(input: $i) { deletedThingId } }`, {
      i: { id: toGlobalId('Thing', uuid), partIds: [toGlobalId('Part', uuid), toGlobalId('Thing', uuid)] },
    });
    expect(out.errors?.[0]?.extensions).toMatchObject({ field: ['input', 'partIds', '1'] });
  });

  it('resolves entity references by their global id, and one that does not decode to the type as null', async () => {
    const out = await run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id } } }`, {
      r: [
        { __typename: 'Thing', id: toGlobalId('Thing', uuid) },
        { __typename: 'Thing', id: uuid },
        { __typename: 'Thing', id: toGlobalId('User', uuid) },
      ],
    });
    expect(out).toEqual({ data: { _entities: [{ id: toGlobalId('Thing', uuid) }, null, null] } });
    expect(seen).toEqual([{ __typename: 'Thing', id: uuid }]);
  });

  it('refuses to build a schema with an ID whose type is not declared, or a declaration for no ID', () => {
    const { 'Thing.ownerId': _omitted, ...missing } = DECLARED;
    expect(() => applyGlobalIds(buildSubgraphSchema([{ typeDefs: parse(SDL) }]), missing, 'test')).toThrow(
      /undeclared for Thing\.ownerId/,
    );
    expect(() =>
      applyGlobalIds(buildSubgraphSchema([{ typeDefs: parse(SDL) }]), { ...DECLARED, 'Thing.name': 'Thing' }, 'test'),
    ).toThrow(/declared for no ID of the schema: Thing\.name/);
  });
});

describe('the node subgraph', () => {
  it('is generated from the entities keyed by id, and lists them as Node in the supergraph', () => {
    expect(idKeyedTypesOfSdl(SDL)).toEqual(['Thing']);
    const sdl = nodeSubgraphSdl(['Thing', 'Other', 'Thing']);
    expect(sdl).toContain('type Other implements Node @key(fields: "id")');
    expect(
      nodeTypesOfSupergraph('type B implements Node { id: ID! } type A implements Node { id: ID! } type C { id: ID! }'),
    ).toEqual(['A', 'B']);
  });

  it('answers node/nodes with a typed reference, and refuses malformed ids and types it cannot fetch', async () => {
    const nodeSchema = buildNodeSubgraphSchema(['Thing']);
    const id = toGlobalId('Thing', uuid);
    const ok = await graphql({
      schema: nodeSchema,
      source: `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      variableValues: { ids: [id, id] },
    });
    expect(ok).toEqual({
      data: {
        nodes: [
          { __typename: 'Thing', id },
          { __typename: 'Thing', id },
        ],
      },
    });
    for (const bad of ['', uuid, toGlobalId('Warehouse', uuid)]) {
      const refused = await graphql({
        schema: nodeSchema,
        source: `query ($id: ID!) { node(id: $id) { id } }`,
        variableValues: { id: bad },
      });
      expect(refused.errors?.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', field: ['id'], argumentPath: 'id' },
      ]);
    }
    const tooMany = await graphql({
      schema: nodeSchema,
      source: `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      variableValues: { ids: Array.from({ length: 101 }, () => id) },
    });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['ids'] });
  });
});
