/**
 * The files `pnpm new:subgraph <name>` writes: one subgraph in the one shape (see subgraphs/reviews and
 * ../shared/CONVENTIONS.md), with one entity, one connection query, one mutation, its migration-ready drizzle schema,
 * permissions, an event, a seed and a passing test. Paths are relative to the repository root.
 *
 * Keep these in step with the platform: when a shared API changes (@shop/server, @shop/core, @shop/testing), the
 * scaffolder's test (test/new-subgraph.test.ts) type-checks what these templates produce and fails until they follow.
 */

/** Every name the templates derive from the subgraph's name (`wishlist`). */
export interface SubgraphNames {
  /** The subgraph, its Postgres schema, its package (`@shop/<name>`): `wishlist`. */
  name: string;
  /** `Wishlist`: prefixes the error enum and user error type. */
  Name: string;
  /** The entity type: `WishlistItem`. */
  Item: string;
  /** The connection query: `wishlistItems`. */
  items: string;
  /** The mutation: `wishlistItemCreate`. */
  create: string;
  /** The mutation's file: `wishlist-item-create`. */
  createFile: string;
  /** The staff permission the mutation needs: `wishlist:write`. */
  permission: string;
  /** The event the mutation emits: `wishlist.item_created`. */
  event: string;
  /** `WISHLIST`: constants. */
  NAME: string;
}

export function subgraphNames(name: string): SubgraphNames {
  const Name = name[0]!.toUpperCase() + name.slice(1);
  return {
    name,
    Name,
    Item: `${Name}Item`,
    items: `${name}Items`,
    create: `${name}ItemCreate`,
    createFile: `${name}-item-create`,
    permission: `${name}:write`,
    event: `${name}.item_created`,
    NAME: name.toUpperCase(),
  };
}

/** The DateTime scalar exactly as every other subgraph declares it (a different description makes composition hint). */
const DATE_TIME_SCALAR = `"""
A point in time as an ISO-8601 string in UTC with millisecond precision, e.g. "2025-01-31T14:05:00.000Z".
"""
scalar DateTime`;

/** PageInfo exactly as every other subgraph declares it (@shareable: the definitions must agree). */
const PAGE_INFO = `"Relay pagination state of a connection page."
type PageInfo @shareable {
  "Whether more items follow this page."
  hasNextPage: Boolean!
  "Whether items precede this page."
  hasPreviousPage: Boolean!
  "Cursor of the first item on this page, or null when the page is empty."
  startCursor: String
  "Cursor of the last item on this page, or null when the page is empty."
  endCursor: String
}`;

const sdl = (
  n: SubgraphNames,
) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

${DATE_TIME_SCALAR}

# The ${n.name} subgraph (written by \`pnpm new:subgraph ${n.name}\`): its items are public to read; creating one needs the
# \`${n.permission}\` staff permission. (Query and Mutation carry no description: every subgraph contributes to them,
# and differing descriptions make composition emit hints.)

type Query {
  "${n.Name} items, oldest first."
  ${n.items}(
    "Returns the first n items after \`after\` (0 to 100, default 20)."
    first: Int
    "A cursor from a previous page: returns the items that come after it."
    after: String
    "Returns the last n items before \`before\` (0 to 100)."
    last: Int
    "A cursor from a previous page: returns the items that come before it."
    before: String
  ): ${n.Item}Connection!
}

type Mutation {
  "Creates a ${n.name} item (staff with \`${n.permission}\`)."
  ${n.create}(
    "The new item."
    input: ${n.Item}CreateInput!
  ): ${n.Item}CreatePayload!
}

"An item of the ${n.name} subgraph."
type ${n.Item} @key(fields: "id") {
  "Global ID: opaque (clients must not parse it), unique across every type; \`node(id:)\` refetches the object."
  id: ID!
  "The item's name: 1 to 200 characters, unique."
  name: String!
  "When the item was created."
  createdAt: DateTime!
}

"A page of ${n.name} items."
type ${n.Item}Connection {
  "The items on this page with their cursors."
  edges: [${n.Item}Edge!]!
  "The items on this page (the same as \`edges.node\`, for clients that need no cursors)."
  nodes: [${n.Item}!]!
  "Where this page sits in the whole list."
  pageInfo: PageInfo!
  "How many items the list holds across all pages (counted only when selected)."
  totalCount: Int!
}

"A ${n.name} item and its position in a list."
type ${n.Item}Edge {
  "Opaque position marker to pass as \`after\` or \`before\`."
  cursor: String!
  "The item."
  node: ${n.Item}!
}

${PAGE_INFO}

"Why a ${n.name} change was refused."
enum ${n.Name}ErrorCode {
  "The input is malformed or out of range; \`field\` says where."
  INVALID
  "Another item already has this name."
  NAME_TAKEN
}

"A reason a ${n.name} mutation did nothing."
type ${n.Name}UserError {
  "What went wrong."
  code: ${n.Name}ErrorCode!
  "Path to the offending input field, e.g. [\\"input\\", \\"name\\"]; null when the whole input is at fault."
  field: [String!]
  "An explanation for people."
  message: String!
}

"A new ${n.name} item."
input ${n.Item}CreateInput {
  "The item's name: 1 to 200 characters, unique."
  name: String!
}

"The result of ${n.create}."
type ${n.Item}CreatePayload {
  "The new item, or null when userErrors is not empty."
  item: ${n.Item}
  "Why nothing was created; empty on success."
  userErrors: [${n.Name}UserError!]!
}
`;

const packageJson = (n: SubgraphNames) =>
  `${JSON.stringify(
    {
      name: `@shop/${n.name}`,
      version: '0.1.0',
      private: true,
      description: `${n.Name} subgraph (written by pnpm new:subgraph).`,
      main: 'src/index.ts',
      dependencies: {
        '@shop/bus': 'workspace:*',
        '@shop/core': 'workspace:*',
        '@shop/db': 'workspace:*',
        '@shop/events': 'workspace:*',
        '@shop/runtime': 'workspace:*',
        '@shop/server': 'workspace:*',
        dataloader: '2.2.3',
        'drizzle-orm': '0.45.4',
        graphql: '16.15.0',
        zod: '4.6.7',
      },
      devDependencies: { '@shop/testing': 'workspace:*' },
    },
    null,
    2,
  )}\n`;

const index = (n: SubgraphNames) => `import { runSubgraphProcess } from '@shop/runtime';
import { main } from '@shop/server';

main(() => runSubgraphProcess('${n.name}'));
`;

const service = (n: SubgraphNames) => `import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, ${n.name}DepsOf, type Context } from './context';
import { eventHandlers } from './events';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoItems } from './seed';

/** The ${n.name} subgraph. */
export const ${n.name}Subgraph: SubgraphDefinition<Context> = {
  name: '${n.name}',
  schemaFile: resolve(__dirname, '../../../schema/${n.name}.graphql'),
  resolvers,
  permissions,
  // The type each ID names besides an object's own \`id\` (e.g. \`'FooInput.itemId': '${n.Item}'\`): none yet.
  globalIds: {},
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('${n.name}'),
  createContext,
  commands: () => commandHandlers(),
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoItems(${n.name}DepsOf(deps));
    deps.logger.info(seeded, '${n.name} demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = ${n.name}Subgraph;
`;

const context = (n: SubgraphNames) => `import { actorOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import type { ${n.Name}Deps } from './domain/deps';
import { itemUseCases, type ItemUseCases } from './domain/items';
import type { Viewer } from './domain/viewer';

/** What every ${n.name} resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  items: ItemUseCases;
}

/** The platform's database, outbox and logger; the subgraph's own settings go beside them. */
export const ${n.name}DepsOf = (deps: SubgraphDeps): ${n.Name}Deps => platformDepsOf(deps);

export const viewerOf = (identity: Identity): Viewer => ({ actor: actorOf(identity) });

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const items = itemUseCases({ ...${n.name}DepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, items };
}
`;

const permissions = (n: SubgraphNames) => `import { allow, hasPermission, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission to create ${n.name} items. */
export const ${n.NAME}_WRITE = '${n.permission}';

/** graphql-shield rules (\`rootRules\`: a root field without a rule is denied, and a compile error here). */
const Query = rootRules<QueryResolvers>()([[allow, '${n.items}']]);

const Mutation = rootRules<MutationResolvers>()([[hasPermission(${n.NAME}_WRITE), '${n.create}']]);

export const permissions = { Query, Mutation };
`;

const mappers = (n: SubgraphNames) => `import type { ItemRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps \`<Type>Model\` to GraphQL type <Type>). The
 * connection is core's \`Connection\` of its node's model (codegen's convention).
 */
export type ${n.Item}Model = ItemRow;
`;

const resolversIndex = (n: SubgraphNames) => `import { DateTime } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { ${n.Item} } from './${n.Item}';
import { ${n.create} } from './mutations/${n.createFile}';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: { ${n.create} },
  ${n.Item},
};
`;

const resolversQuery = (n: SubgraphNames) => `import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  ${n.items}: (_root, args, ctx) => ctx.items.listItems(args),
};
`;

const resolversItem = (n: SubgraphNames) => `import type { ${n.Item}Resolvers } from '../__generated__/resolvers-types';

export const ${n.Item}: ${n.Item}Resolvers = {
  // Through a loader: the gateway's \`_entities\` of a whole page is one statement.
  __resolveReference: async (reference, ctx) => ctx.items.findItem(reference.id),
};
`;

const resolversMutation = (n: SubgraphNames) => `import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const ${n.create}: MutationResolvers['${n.create}'] = async (_root, { input }, ctx) =>
  payload('item', await ctx.items.createItem(input));
`;

const domainDeps = (n: SubgraphNames) => `import type { PlatformDeps } from '@shop/server';

/** What the ${n.name} use cases need: the platform's database, outbox and logger (add the subgraph's settings here). */
export type ${n.Name}Deps = PlatformDeps;
`;

const domainViewer = (n: SubgraphNames) => `import { SYSTEM_ACTOR, type Actor } from '@shop/events';

/** Who is reading or writing, as far as ${n.name} cares. */
export interface Viewer {
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
}

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = { actor: SYSTEM_ACTOR };
`;

const domainErrors = (n: SubgraphNames) => `import { userErrorsOf } from '@shop/core';
import { ${n.NAME}_ERROR_CODES, type ${n.Name}UserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's \`${n.Name}ErrorCode\` (pnpm codegen). */
export type { ${n.Name}ErrorCode, ${n.Name}Result, ${n.Name}UserError } from '../__generated__/error-codes';

/** A userError's \`field\` is a path into the mutation's \`input\` argument: \`userError('INVALID', '…', ['name'])\`. */
export const { userError, refuse, parseInput, useCase } = userErrorsOf(${n.NAME}_ERROR_CODES, 'INVALID');

export const nameTaken = (): ${n.Name}UserError => userError('NAME_TAKEN', 'Another item already has this name.', ['name']);
`;

const domainValidation = () => `import { nameField as requiredText } from '@shop/core';

/** Input pieces the use cases share (@shop/core has the common ones: required and optional text, addresses). */
export const nameField = requiredText(200);
`;

const domainCreateItem = (n: SubgraphNames) => `import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { insertItem } from '../db/items.store';
import type { ItemRow } from '../db/schema';
import type { ${n.Name}Deps } from './deps';
import { nameTaken, useCase, type ${n.Name}Result } from './errors';
import { nameField } from './validation';
import type { Viewer } from './viewer';

const itemCreateInput = z.object({ name: nameField });

/**
 * ${n.create}: a new item with a unique name. The item and its \`${n.event}\` event commit together (outbox);
 * the unique index, not a pre-check, decides a race of two creates with one name.
 */
export const createItem = useCase(
  itemCreateInput,
  async (deps: ${n.Name}Deps, viewer: Viewer, { name }): Promise<${n.Name}Result<ItemRow>> =>
    runInTransaction(
      deps.db,
      async (tx) => {
        const item = await insertItem(tx, { id: newId(), name });
        await deps.emit(tx, { type: '${n.event}', subject: item.id, data: { itemId: item.id, name: item.name }, actor: viewer.actor });
        return ok(item);
      },
      (violation) => (violation.kind === 'unique' && violation.constraint === 'items_name_key' ? nameTaken() : null),
    ),
);
`;

const domainListItems =
  () => `import { cursorPart, keysetConnection, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countItems, itemPage } from '../db/items.store';
import type { ItemRow } from '../db/schema';

/** Every item, oldest first, keyset-paged both ways (one statement per page; counted only when asked). Cursors are
 * [list tag, id]: ids are UUIDv7, so id order is creation order. */
export function listItems(db: Executor, args: PageArgs): Promise<Connection<ItemRow>> {
  return keysetConnection(args, {
    cursorLength: 2,
    decode: (values) => cursorPart.uuid(cursorPart.tagged(values, 'items')[0]),
    encode: (row) => ['items', row.id],
    fetch: (page) => itemPage(db, page),
    count: () => countItems(db),
  });
}
`;

const domainItems = (n: SubgraphNames) => `import { writesFor, type PageArgs } from '@shop/core';
import { clearLoaders } from '@shop/db';
import type { Loaders } from '../db/loaders';
import { createItem } from './create-item';
import type { ${n.Name}Deps } from './deps';
import { listItems } from './list-items';
import type { Viewer } from './viewer';

/**
 * The ${n.name} use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the loaders
 * afterwards, so fields resolved after a mutation read what was just written.
 */
export function itemUseCases(deps: ${n.Name}Deps, viewer: Viewer, loaders: Loaders) {
  const { write } = writesFor(deps, viewer, () => clearLoaders(loaders));
  return {
    findItem: (id: string) => loaders.itemById.load(id),
    listItems: (args: PageArgs) => listItems(deps.db, args),
    createItem: write(createItem),
  };
}

export type ItemUseCases = ReturnType<typeof itemUseCases>;
`;

const dbSchema = (n: SubgraphNames) => `import { pgSchema, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { busTables } from '@shop/bus';
import { createdAt, idKey } from '@shop/db';

/**
 * The ${n.name} subgraph's tables, all inside the \`${n.name}\` Postgres schema it owns (DESIGN.md §1).
 * drizzle-kit reads this file to generate \`subgraphs/${n.name}/drizzle/\` (\`pnpm migrations\`).
 */
// Deliberately not exported: drizzle-kit would then emit \`CREATE SCHEMA "${n.name}"\`, which fails because the
// migrator has already created this schema for its own journal table.
const ${n.name}Schema = pgSchema('${n.name}');

export const items = ${n.name}Schema.table(
  'items',
  {
    /** UUIDv7 (\`newId()\`): id order is creation order, the list's order. */
    id: idKey(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('items_name_key').on(t.name)],
);
export type ItemRow = typeof items.$inferSelect;

/** The bus's tables in this schema, exported one by one: drizzle-kit generates the migrations of exported tables only. */
export const { outbox, eventSequences, inbox, eventPositions, deliveryAttempts, consumers, deadLetters } =
  busTables(${n.name}Schema);
`;

const dbStore = (
  n: SubgraphNames,
) => `import { idOrderedList, insertRow, rowsByIds, type Executor, type KeysetPage } from '@shop/db';
import { items, type ItemRow } from './schema';

/** Every SQL statement on ${n.name}.items, named after what it reads or writes. */

const list = idOrderedList(items);

export const itemsByIds = rowsByIds(items);

export const insertItem = (tx: Executor, values: { id: string; name: string }): Promise<ItemRow> => insertRow(tx, items, values);

/** One page in id (creation) order, either direction. */
export const itemPage = (db: Executor, page: KeysetPage<string>): Promise<ItemRow[]> => list.page(db, page);

export const countItems = (db: Executor): Promise<number> => list.count(db);
`;

const dbLoaders = () => `import { oneById, type Executor } from '@shop/db';
import { itemsByIds } from './items.store';

/**
 * Per-request DataLoaders: every lookup of one request in the same tick is one statement, results in key order (a
 * malformed id from a client is simply not found).
 */
export function createLoaders(db: Executor) {
  return {
    itemById: oneById((ids) => itemsByIds(db, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
`;

const events = (n: SubgraphNames) => `import type { EventHandlers } from '@shop/bus';

/**
 * The events ${n.name} consumes, exactly once each through the inbox (a handler runs in the inbox transaction); the
 * platform starts the consumer. None yet: add one as \`'user.deleted': (tx, event) => forgetUser(tx, event.data)\`,
 * with its logic in domain/.
 */
export const eventHandlers = (): EventHandlers => ({});
`;

const commands = (n: SubgraphNames) => `import type { CommandHandlers } from '@shop/bus';

/**
 * Answers \`cmd.${n.name}.*\` (the platform serves them; the bus validates requests and replies against the command
 * catalogue). None yet: declare one in packages/events/src/commands.ts and add \`'${n.name}.<name>': handle<Name>(...)\`
 * here, one handler per file in this folder.
 */
export const commandHandlers = (): CommandHandlers => ({});
`;

const seed = (n: SubgraphNames) => `import type { ${n.Name}Deps } from '../domain/deps';
import { createItem } from '../domain/create-item';
import { SYSTEM_VIEWER } from '../domain/viewer';

const DEMO_ITEMS = ['First ${n.name} item', 'Second ${n.name} item'];

/** The embedded demo's items, through the same use case the API uses. Idempotent: a name that exists is skipped. */
export async function seedDemoItems(deps: ${n.Name}Deps): Promise<{ items: number }> {
  let items = 0;
  for (const name of DEMO_ITEMS) {
    const result = await createItem(deps, SYSTEM_VIEWER, { name });
    if (result.ok) items++;
    else if (result.errors.some((error) => error.code !== 'NAME_TAKEN')) throw new Error(\`Seeding \${name} failed: \${JSON.stringify(result.errors)}\`);
  }
  return { items };
}
`;

const test = (
  n: SubgraphNames,
) => `import { ANONYMOUS, customer, ENTITIES, gid, harnessPerFile, rawId, staff, startTestSubgraph, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { ${n.name}Subgraph } from '../src/service';

/** ${n.Name} end to end on real PostgreSQL and NATS: the list both ways, the mutation, its userErrors and who may call it. */
const h = harnessPerFile(() => startTestSubgraph(${n.name}Subgraph, { label: 'items' }));

const WRITER = staff(['${n.permission}']);

interface Item {
  id: string;
  name: string;
  createdAt: string;
}
interface Payload {
  item: Item | null;
  userErrors: UserErrorBody[];
}

const CREATE = \`mutation ($input: ${n.Item}CreateInput!) { ${n.create}(input: $input) { item { id name createdAt } \${USER_ERRORS} } }\`;
const LIST = \`query ($first: Int, $after: String, $last: Int, $before: String) {
  ${n.items}(first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { name } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}\`;

interface Page {
  totalCount: number;
  nodes: { name: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const create = async (name: string): Promise<Payload> => (await h.data<{ ${n.create}: Payload }>(CREATE, { input: { name } }, WRITER)).${n.create};

describe('${n.create}', () => {
  it('creates an item and announces it on the bus in the same transaction', async () => {
    const { item, userErrors } = await create('  Created item  ');
    expect(userErrors).toEqual([]);
    expect(item).toMatchObject({ name: 'Created item' });
    const events = await h.outboxEvents('${n.event}');
    expect(events.map((e) => e.data)).toContainEqual({ itemId: rawId(item!.id), name: 'Created item' });
  });

  it('refuses an empty name and a taken one with userErrors, creating nothing', async () => {
    const empty = await create('   ');
    expect(empty.item).toBeNull();
    expect(empty.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'name']]]);
    await create('Taken name');
    const taken = await create('Taken name');
    expect(taken.item).toBeNull();
    expect(taken.userErrors.map((e) => [e.code, e.field])).toEqual([['NAME_TAKEN', ['input', 'name']]]);
    const list = await h.data<{ ${n.items}: Page }>(LIST, { first: 100 });
    expect(list.${n.items}.nodes.filter((node) => node.name === 'Taken name')).toHaveLength(1);
  });

  it.each([
    ['anonymous callers', ANONYMOUS, 'UNAUTHENTICATED'],
    ['customers', customer(), 'FORBIDDEN'],
    ['staff without ${n.permission}', staff([]), 'FORBIDDEN'],
  ])('is refused to %s, and nothing is written', async (_who, caller, code) => {
    const name = \`Refused \${code} \${Math.random()}\`;
    const body = await h.request<{ ${n.create}: Payload }>(CREATE, { input: { name } }, caller);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(body.data).toBeNull();
    const list = await h.data<{ ${n.items}: Page }>(LIST, { first: 100 });
    expect(list.${n.items}.nodes.map((node) => node.name)).not.toContain(name);
  });
});

describe('${n.items}', () => {
  it('pages forward and backward over the same items, oldest first, and counts them', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) await create(name);
    const all = (await h.data<{ ${n.items}: Page }>(LIST, { first: 100 }, ANONYMOUS)).${n.items};
    const names = all.nodes.map((node) => node.name);
    expect(names.indexOf('Page A')).toBeLessThan(names.indexOf('Page B'));
    expect(names.indexOf('Page B')).toBeLessThan(names.indexOf('Page C'));
    expect(all.totalCount).toBe(names.length);

    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await h.data<{ ${n.items}: Page }>(LIST, { first: 2, after })).${n.items};
      forward.push(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = (await h.data<{ ${n.items}: Page }>(LIST, { last: 2, before })).${n.items};
      backward.unshift(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(forward).toEqual(names);
    expect(backward).toEqual(names);
  });

  it('refuses a cursor it did not issue with BAD_USER_INPUT', async () => {
    const body = await h.request(LIST, { first: 1, after: 'not-a-cursor' });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('${n.Item} as an entity', () => {
  it('resolves references through _entities, null for an unknown id', async () => {
    const { item } = await create('Referenced item');
    const data = await h.data<{ _entities: ({ name: string } | null)[] }>(ENTITIES('... on ${n.Item} { name }'), {
      representations: [
        { __typename: '${n.Item}', id: item!.id },
        { __typename: '${n.Item}', id: gid('${n.Item}', '00000000-0000-7000-8000-000000000000') },
      ],
    });
    expect(data._entities).toEqual([{ __typename: '${n.Item}', name: 'Referenced item' }, null]);
  });
});
`;

const schemaTest = (n: SubgraphNames) => `import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('${n.name}');
`;

const authorizationRows = (n: SubgraphNames) => `import type { Row } from '../authorization-table';

/** ${n.Name}: the list is public; creating an item needs \`${n.permission}\` (an empty name: a harmless userError). */
export const rows: Record<string, Row> = {
  'Query.${n.items}': { access: { kind: 'public' }, operation: () => ({ query: \`{ ${n.items}(first: 1) { totalCount } }\` }) },
  'Mutation.${n.create}': {
    access: { kind: 'permission', permission: '${n.permission}' },
    operation: () => ({ query: \`mutation { ${n.create}(input: { name: "" }) { userErrors { code } } }\` }),
  },
};
`;

/** Every file of a new subgraph, by path from the repository root. */
export function subgraphFiles(n: SubgraphNames): Record<string, string> {
  const dir = `subgraphs/${n.name}`;
  return {
    [`schema/${n.name}.graphql`]: sdl(n),
    [`${dir}/package.json`]: packageJson(n),
    [`${dir}/src/index.ts`]: index(n),
    [`${dir}/src/service.ts`]: service(n),
    [`${dir}/src/context.ts`]: context(n),
    [`${dir}/src/permissions.ts`]: permissions(n),
    [`${dir}/src/mappers.ts`]: mappers(n),
    [`${dir}/src/resolvers/index.ts`]: resolversIndex(n),
    [`${dir}/src/resolvers/Query.ts`]: resolversQuery(n),
    [`${dir}/src/resolvers/${n.Item}.ts`]: resolversItem(n),
    [`${dir}/src/resolvers/mutations/${n.createFile}.ts`]: resolversMutation(n),
    [`${dir}/src/domain/deps.ts`]: domainDeps(n),
    [`${dir}/src/domain/viewer.ts`]: domainViewer(n),
    [`${dir}/src/domain/errors.ts`]: domainErrors(n),
    [`${dir}/src/domain/validation.ts`]: domainValidation(),
    [`${dir}/src/domain/create-item.ts`]: domainCreateItem(n),
    [`${dir}/src/domain/list-items.ts`]: domainListItems(),
    [`${dir}/src/domain/items.ts`]: domainItems(n),
    [`${dir}/src/db/schema.ts`]: dbSchema(n),
    [`${dir}/src/db/items.store.ts`]: dbStore(n),
    [`${dir}/src/db/loaders.ts`]: dbLoaders(),
    [`${dir}/src/events/index.ts`]: events(n),
    [`${dir}/src/commands/index.ts`]: commands(n),
    [`${dir}/src/seed/index.ts`]: seed(n),
    [`${dir}/test/items.test.ts`]: test(n),
    [`${dir}/test/schema.test.ts`]: schemaTest(n),
    [`test/support/authorization/${n.name}.ts`]: authorizationRows(n),
  };
}

/** The line the scaffolder adds to packages/events/src/catalog.ts for the event the mutation emits. */
export const eventCatalogEntry = (n: SubgraphNames): string =>
  `  /** A ${n.name} item was created (${n.create}). */\n  '${n.event}': { source: '${n.name}', version: 1, data: z.object({ itemId: z.uuid(), name: z.string() }) },\n`;

/** The line the scaffolder adds to auth's list of grantable staff permissions. */
export const knownPermissionEntry = (n: SubgraphNames): string =>
  `  { name: '${n.permission}', description: 'Create ${n.name} items.' },\n`;
