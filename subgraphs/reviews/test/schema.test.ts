import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, visit, type DocumentNode } from 'graphql';

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
    const ROOT_TYPES = ['Query', 'Mutation'];
    // Product and User (and their ids) are described by their owners; repeating that text here would drift.
    const FOREIGN = ['Product', 'User'];
    const undocumented: string[] = [];
    const where: string[] = [];
    const check = (node: { description?: { value: string } | undefined }, name: string) => {
      if (!node.description?.value.trim()) undocumented.push([...where, name].join('.'));
    };
    visit(document, {
      enter(node) {
        switch (node.kind) {
          case Kind.OBJECT_TYPE_DEFINITION:
          case Kind.INPUT_OBJECT_TYPE_DEFINITION:
          case Kind.ENUM_TYPE_DEFINITION:
          case Kind.SCALAR_TYPE_DEFINITION:
            if (!ROOT_TYPES.includes(node.name.value) && !FOREIGN.includes(node.name.value)) check(node, node.name.value);
            where.push(node.name.value);
            break;
          case Kind.FIELD_DEFINITION:
          case Kind.INPUT_VALUE_DEFINITION:
          case Kind.ENUM_VALUE_DEFINITION:
            if (!(FOREIGN.includes(where[0] ?? '') && where.length === 1 && node.name.value === 'id')) check(node, node.name.value);
            if (node.kind === Kind.FIELD_DEFINITION) where.push(node.name.value);
            break;
        }
      },
      leave(node) {
        if (
          node.kind === Kind.OBJECT_TYPE_DEFINITION ||
          node.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
          node.kind === Kind.ENUM_TYPE_DEFINITION ||
          node.kind === Kind.SCALAR_TYPE_DEFINITION ||
          node.kind === Kind.FIELD_DEFINITION
        ) {
          where.pop();
        }
      },
    });
    expect(undocumented).toEqual([]);
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
