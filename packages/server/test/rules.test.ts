import { graphql } from 'graphql';
import { makeExecutableSchemaFromSdl } from './support';
import { allow, denyByDefault, hasPermission, isAuthenticated, perObjectRule, rootRules } from '../src/rules';
import type { BaseContext } from '../src/context';
import { createLogger } from '@shop/core';

const logger = createLogger('rules-test', 'silent');
const base = { requestId: 'r', clientIp: null, userAgent: null, logger };
const anonymous: BaseContext = { ...base, identity: { kind: 'anonymous' } };
const staff: BaseContext = {
  ...base,
  identity: { kind: 'user', userId: 'u', sessionId: 's', staff: true, permissions: ['catalog:write'] },
};
const customer: BaseContext = {
  ...base,
  identity: { kind: 'user', userId: 'c', sessionId: 's', staff: false, permissions: [] },
};

const schema = makeExecutableSchemaFromSdl(
  `type Query { open: Item, secret: String, unruled: String }
   type Mutation { write: String, unruled: String }
   type Item { name: String, price: String, hidden: String }`,
  {
    Query: { open: () => ({ name: 'n', price: 'p', hidden: 'h' }), secret: () => 's', unruled: () => 'u' },
    Mutation: { write: () => 'w', unruled: () => 'u' },
  },
  denyByDefault({
    Query: { open: allow, secret: hasPermission('catalog:write') },
    Mutation: { write: hasPermission('catalog:write') },
    Item: { '*': allow, hidden: hasPermission('catalog:write') },
  }),
);

const run = (source: string, contextValue: BaseContext) => graphql({ schema, source, contextValue });

describe('deny-by-default authorization', () => {
  it('denies root fields that have no rule, for everybody', async () => {
    for (const ctx of [anonymous, customer, staff]) {
      const q = await run('{ unruled }', ctx);
      expect(q.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const m = await run('mutation { unruled }', ctx);
      expect(m.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
  });

  it('answers UNAUTHENTICATED to anonymous and FORBIDDEN to a customer without the permission', async () => {
    expect((await run('mutation { write }', anonymous)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await run('mutation { write }', customer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await run('mutation { write }', staff)).data).toEqual({ write: 'w' });
  });

  it('keeps field rules on an otherwise readable type, after dropping the wrappers of allowed fields', async () => {
    const open = await run('{ open { name price } }', anonymous);
    expect(open.errors).toBeUndefined();
    expect(open.data).toEqual({ open: { name: 'n', price: 'p' } });
    const hidden = await run('{ open { name hidden } }', customer);
    expect(hidden.data).toEqual({ open: { name: 'n', hidden: null } });
    expect(hidden.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await run('{ open { hidden } }', staff)).data).toEqual({ open: { hidden: 'h' } });
  });

  it('decides a per-object rule for each parent: the owner passes, others FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const ownSchema = makeExecutableSchemaFromSdl(
      `type Query { notes: [Note!]! }
       type Note { owner: String, text: String }`,
      {
        Query: {
          notes: () => [
            { owner: 'c', text: 'mine' },
            { owner: 'x', text: 'theirs' },
          ],
        },
      },
      denyByDefault({
        Query: { notes: allow },
        Note: perObjectRule(
          (note: { owner: string }, ctx: BaseContext) =>
            ctx.identity.kind === 'user' && ctx.identity.userId === note.owner,
          'Only your own notes.',
        ),
      }),
    );
    const read = (contextValue: BaseContext) =>
      graphql({ schema: ownSchema, source: '{ notes { text } }', contextValue });
    const asCustomer = await read(customer);
    expect(asCustomer.data).toEqual({ notes: [{ text: 'mine' }, { text: null }] });
    expect(asCustomer.errors?.map((e) => [e.message, e.extensions.code])).toEqual([
      ['Only your own notes.', 'FORBIDDEN'],
    ]);
    const asAnonymous = await read(anonymous);
    expect(asAnonymous.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });
});

describe('rootRules', () => {
  /** Stands for a generated `MutationResolvers`: only its keys matter. */
  interface Resolvers {
    register: unknown;
    profileUpdate: unknown;
    addressCreate: unknown;
  }

  it('maps every field named in a group to that group’s rule', () => {
    const write = hasPermission('catalog:write');
    const rules = rootRules<Resolvers>()([
      [allow, 'register'],
      [
        write,
        `profileUpdate
         addressCreate`,
      ],
    ]);
    expect(rules).toEqual({ register: allow, profileUpdate: write, addressCreate: write });
  });

  it('refuses a field named twice, and (at compile time) one left out or one that is no field', () => {
    expect(() =>
      rootRules<Resolvers>()([
        [allow, 'register profileUpdate'],
        [isAuthenticated, 'profileUpdate addressCreate'],
      ]),
    ).toThrow('The root field profileUpdate has two rules.');
    // @ts-expect-error addressCreate has no rule
    rootRules<Resolvers>()([[allow, 'register profileUpdate']]);
    // @ts-expect-error addressDelete is no field of Resolvers
    rootRules<Resolvers>()([[allow, 'register profileUpdate addressCreate addressDelete']]);
  });
});
