import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { undocumentedDefinitions } from '@shop/testing';

const SDL = readFileSync(resolve(__dirname, '../../../schema/users.graphql'), 'utf8');
const PRODUCTS_SDL = readFileSync(resolve(__dirname, '../../../schema/products.graphql'), 'utf8');
const document = parse(SDL);

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

describe('schema/users.graphql', () => {
  /**
   * Query and Mutation are the exception: every subgraph contributes fields to them, and composition hints
   * (which `pnpm compose` treats as failures) as soon as two subgraphs describe them differently.
   */
  it('describes every type, field, argument, enum value and input field (Sandbox is the documentation)', () => {
    expect(undocumentedDefinitions(document)).toEqual([]);
  });

  it('composes as a federation 2 subgraph with no errors and no hints', () => {
    const result = compose({ name: 'users', typeDefs: document });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });

  it('composes with another subgraph that copies PageInfo and DateTime verbatim (descriptions included)', () => {
    const shared = document.definitions
      .filter((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.SCALAR_TYPE_DEFINITION) && ['PageInfo', 'DateTime'].includes(d.name.value))
      .map((d) => print(d))
      .join('\n');
    const other = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
      type Query { "When reviews were last moderated." reviewsModeratedAt: DateTime }
      ${shared}`);
    const result = compose({ name: 'users', typeDefs: document }, { name: 'reviews', typeDefs: other });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });

  it('shares PageInfo and DateTime with products byte for byte, and composes with it without hints', () => {
    const shared = (sdl: string) =>
      parse(sdl)
        .definitions.filter((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.SCALAR_TYPE_DEFINITION) && ['PageInfo', 'DateTime'].includes(d.name.value))
        .map((d) => print(d));
    expect(shared(SDL)).toEqual(shared(PRODUCTS_SDL));
    const result = compose({ name: 'users', typeDefs: document }, { name: 'products', typeDefs: parse(PRODUCTS_SDL) });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });

  it('names the mutations and queries the issue lists, each mutation with one input and userErrors', () => {
    const root = (name: string) => document.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name);
    const fields = (name: string) => {
      const type = root(name);
      return type && type.kind === Kind.OBJECT_TYPE_DEFINITION ? (type.fields ?? []) : [];
    };
    expect(fields('Query').map((f) => f.name.value).sort()).toEqual(['me', 'user', 'users']);
    const mutations = fields('Mutation');
    expect(mutations.map((f) => f.name.value).sort()).toEqual(
      ['accountDelete', 'addressCreate', 'addressDelete', 'addressUpdate', 'exportMyData', 'preferencesUpdate', 'profileUpdate', 'register', 'userDelete', 'userDisable', 'userEnable'].sort(),
    );
    for (const mutation of mutations) {
      expect(mutation.arguments?.map((a) => a.name.value)).toEqual(['input']);
      const payload = print(mutation.type).replace(/!$/, '');
      expect(fields(payload).find((f) => f.name.value === 'userErrors') && print(fields(payload).find((f) => f.name.value === 'userErrors')!.type)).toBe('[UsersUserError!]!');
    }
  });
});
