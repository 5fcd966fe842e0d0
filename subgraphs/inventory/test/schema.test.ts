import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { undocumentedDefinitions } from '@shop/testing';

const SDL = readFileSync(resolve(__dirname, '../../../schema/inventory.graphql'), 'utf8');
const document = parse(SDL);

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

describe('schema/inventory.graphql', () => {
  /**
   * Query and Mutation are the exception: every subgraph contributes fields to them, and composition hints
   * (which `pnpm compose` treats as failures) as soon as two subgraphs describe them differently.
   */
  /** Product and ProductVariant (and their ids) are products' to describe. */
  it('describes every type, field, argument, enum value and input field (Sandbox is the documentation)', () => {
    expect(undocumentedDefinitions(document, { foreignEntities: ['Product', 'ProductVariant'] })).toEqual([]);
  });

  it('composes as a federation 2 subgraph with no errors and no hints', () => {
    const result = compose({ name: 'inventory', typeDefs: document });
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
    const result = compose({ name: 'inventory', typeDefs: document }, { name: 'reviews', typeDefs: other });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });
});
