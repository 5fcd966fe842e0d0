import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, print, type DefinitionNode, type DocumentNode } from 'graphql';
import { undocumentedDefinitions } from '@shop/testing';

const read = (name: string) => parse(readFileSync(resolve(__dirname, `../../../schema/${name}.graphql`), 'utf8'));
const pricing = read('pricing');
const products = read('products');

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

const definitionOf = (document: DocumentNode, name: string): string | undefined => {
  const node = document.definitions.find((d: DefinitionNode) => 'name' in d && d.name?.value === name);
  return node ? print(node) : undefined;
};

describe('schema/pricing.graphql', () => {
  it('describes everything except Query/Mutation themselves and products\' entity types and ids', () => {
    expect(undocumentedDefinitions(pricing, { foreignEntities: ['Product', 'ProductVariant'] })).toEqual([]);
  });

  it('copies PageInfo and DateTime byte for byte from products', () => {
    for (const name of ['PageInfo', 'DateTime']) expect(definitionOf(pricing, name)).toBe(definitionOf(products, name));
  });

  it('composes with products with no errors and no hints', () => {
    const result = compose({ name: 'products', typeDefs: products }, { name: 'pricing', typeDefs: pricing });
    expect(result.errors ?? []).toEqual([]);
    expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
  });
});
