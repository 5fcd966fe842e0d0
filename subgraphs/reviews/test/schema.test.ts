import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';
import { undocumentedDefinitions } from '@shop/testing';

const SDL = readFileSync(resolve(__dirname, '../../../schema/reviews.graphql'), 'utf8');
const document = parse(SDL);

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

describe('schema/reviews.graphql', () => {
  /**
   * Query and Mutation are the exception: every subgraph contributes fields to them, and composition hints
   * (which `pnpm compose` treats as failures) as soon as two subgraphs describe them differently.
   */
  it('describes every type, field, argument, enum value and input field (Sandbox is the documentation)', () => {
    expect(undocumentedDefinitions(document, { foreignEntities: ['Product', 'User'] })).toEqual([]);
  });

  it('composes with products, users and auth with no errors and no hints', () => {
    const others = ['products', 'users', 'auth'].map((name) => ({
      name,
      typeDefs: parse(readFileSync(resolve(__dirname, `../../../schema/${name}.graphql`), 'utf8')),
    }));
    const result = compose({ name: 'reviews', typeDefs: document }, ...others);
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });
});
