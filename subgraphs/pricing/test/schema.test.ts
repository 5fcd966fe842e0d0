import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode } from 'graphql';

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
    const undocumented: string[] = [];
    const where: string[] = [];
    const owned = (type: string) => type === 'Product' || type === 'ProductVariant';
    visit(pricing, {
      enter(node) {
        switch (node.kind) {
          case Kind.OBJECT_TYPE_DEFINITION:
          case Kind.INPUT_OBJECT_TYPE_DEFINITION:
          case Kind.ENUM_TYPE_DEFINITION:
          case Kind.SCALAR_TYPE_DEFINITION:
            if (!['Query', 'Mutation'].includes(node.name.value) && !owned(node.name.value) && !node.description) undocumented.push(node.name.value);
            where.push(node.name.value);
            break;
          case Kind.FIELD_DEFINITION:
          case Kind.INPUT_VALUE_DEFINITION:
          case Kind.ENUM_VALUE_DEFINITION:
            if (!node.description && !(owned(where[0]!) && node.name.value === 'id')) undocumented.push([...where, node.name.value].join('.'));
            if (node.kind === Kind.FIELD_DEFINITION) where.push(node.name.value);
            break;
        }
      },
      leave(node) {
        if ([Kind.OBJECT_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_DEFINITION, Kind.ENUM_TYPE_DEFINITION, Kind.SCALAR_TYPE_DEFINITION, Kind.FIELD_DEFINITION].includes(node.kind as Kind)) where.pop();
      },
    });
    expect(undocumented).toEqual([]);
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
