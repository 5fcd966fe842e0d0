import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { undocumentedDefinitions } from '@shop/testing';

const SDL = readFileSync(resolve(__dirname, '../../../schema/auth.graphql'), 'utf8');
const PRODUCTS_SDL = readFileSync(resolve(__dirname, '../../../schema/products.graphql'), 'utf8');
const document = parse(SDL);

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

const definitionOf = (doc: DocumentNode, name: string) =>
  doc.definitions.find((d) => 'name' in d && d.name?.value === name);

describe('schema/auth.graphql', () => {
  /**
   * Query and Mutation carry no description (every subgraph contributes to them), and neither do User and User.id:
   * the users subgraph owns and documents them, and a second, different description is a composition hint.
   */
  it('describes every type, field, argument, enum value and input field it owns', () => {
    expect(undocumentedDefinitions(document, { foreignEntities: ['User'] })).toEqual([]);
  });

  it('has every mutation take one `input` and return userErrors of AuthUserError', () => {
    const mutation = definitionOf(document, 'Mutation');
    if (mutation?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('no Mutation');
    expect(mutation.fields?.map((f) => f.name.value).sort()).toEqual(
      [
        'login',
        'verifyMfa',
        'refreshSession',
        'logout',
        'passwordChange',
        'passwordResetRequest',
        'passwordResetConfirm',
        'mfaEnroll',
        'mfaConfirm',
        'mfaDisable',
        'sessionRevoke',
        'staffPermissionsGrant',
        'staffPermissionsRevoke',
      ].sort(),
    );
    for (const field of mutation.fields ?? []) {
      expect(field.arguments?.map((a) => a.name.value)).toEqual(['input']);
      const payload = definitionOf(document, print(field.type).replace(/!$/, ''));
      if (payload?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error(`no payload for ${field.name.value}`);
      const userErrors = payload.fields?.find((f) => f.name.value === 'userErrors');
      expect(userErrors && print(userErrors.type)).toBe('[AuthUserError!]!');
    }
  });

  it('copies DateTime from products verbatim, description included', () => {
    expect(print(definitionOf(document, 'DateTime')!)).toBe(print(definitionOf(parse(PRODUCTS_SDL), 'DateTime')!));
  });

  it('composes with products and with a User owner, with no errors and no hints', () => {
    const users = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { "The signed-in user." me: User }
      "A person with an account."
      type User @key(fields: "id") { "Unique id (a UUID)." id: ID! "Email address." email: String! }`);
    const result = compose({ name: 'auth', typeDefs: document }, { name: 'products', typeDefs: parse(PRODUCTS_SDL) }, { name: 'users', typeDefs: users });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });
});
