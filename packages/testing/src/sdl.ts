import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';

/**
 * Paths (`Type`, `Type.field`, `Type.field.arg`, `Enum.VALUE`) of everything in a subgraph's SDL that has no
 * description: Sandbox is the documentation. Exempt: Query and Mutation themselves (every subgraph contributes
 * to them, and differing descriptions are a composition hint), and for entity types another subgraph owns, the
 * type and its `id` (the owner describes them; a second, different text is a hint too).
 */
export function undocumentedDefinitions(
  document: DocumentNode,
  options: { foreignEntities?: string[] } = {},
): string[] {
  const exempt = new Set(['Query', 'Mutation', ...(options.foreignEntities ?? []).flatMap((t) => [t, `${t}.id`])]);
  const undocumented: string[] = [];
  const where: string[] = [];
  const check = (node: { description?: { value: string } | undefined }, name: string) => {
    const path = [...where, name].join('.');
    if (!exempt.has(path) && !node.description?.value.trim()) undocumented.push(path);
  };
  const scopes = new Set<string>([
    Kind.OBJECT_TYPE_DEFINITION,
    Kind.INPUT_OBJECT_TYPE_DEFINITION,
    Kind.ENUM_TYPE_DEFINITION,
    Kind.SCALAR_TYPE_DEFINITION,
  ]);
  visit(document, {
    enter(node) {
      if (scopes.has(node.kind) && 'name' in node && node.name) {
        check(node as { description?: { value: string } }, node.name.value);
        where.push(node.name.value);
      } else if (
        node.kind === Kind.FIELD_DEFINITION ||
        node.kind === Kind.INPUT_VALUE_DEFINITION ||
        node.kind === Kind.ENUM_VALUE_DEFINITION
      ) {
        check(node, node.name.value);
        if (node.kind === Kind.FIELD_DEFINITION) where.push(node.name.value);
      }
    },
    leave(node) {
      if (scopes.has(node.kind) || node.kind === Kind.FIELD_DEFINITION) where.pop();
    },
  });
  return undocumented;
}

const SCHEMA_DIR = resolve(__dirname, '../../../schema');
/** The types every subgraph that uses them declares byte for byte as products does (`@shareable` PageInfo, DateTime). */
const SHARED_TYPES = ['PageInfo', 'DateTime'];

export const readSubgraphSchema = (name: string): DocumentNode =>
  parse(readFileSync(resolve(SCHEMA_DIR, `${name}.graphql`), 'utf8'));

const compose = (...services: { name: string; typeDefs: DocumentNode }[]) =>
  composeServices(services.map((s) => ({ ...s, url: `http://${s.name}.invalid/graphql` })));

const definitionsOf = (document: DocumentNode, names: readonly string[]): DefinitionNode[] =>
  document.definitions.filter((d) => 'name' in d && d.name !== undefined && names.includes(d.name.value));

const objectType = (document: DocumentNode, name: string): ObjectTypeDefinitionNode | undefined =>
  document.definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name,
  );

export interface SubgraphSchemaCheck {
  /** Entity types another subgraph owns and describes: the type and its `id` need no description here. */
  foreignEntities?: string[];
  /** Subgraphs whose committed SDL this one must compose with (products' copy of the shared types is always checked). */
  composesWith?: string[];
}

/**
 * The checks every subgraph's SDL passes, as one `describe` block (a subgraph's `test/schema.test.ts` is one call):
 * everything it owns is described, every mutation takes one `input` and returns `userErrors` of its one
 * `<Subgraph>UserError` type, the types every subgraph shares are products' byte for byte, and it composes (with
 * the subgraphs named, and with another that copies its shared types) with no errors and no hints, which
 * `pnpm compose` treats as failures.
 */
export function describeSubgraphSchema(name: string, check: SubgraphSchemaCheck = {}): void {
  describe(`schema/${name}.graphql`, () => {
    const document = readSubgraphSchema(name);
    const shared = definitionsOf(document, SHARED_TYPES);
    const expectComposes = (...others: { name: string; typeDefs: DocumentNode }[]) => {
      const result = compose({ name, typeDefs: document }, ...others);
      expect(result.errors ?? []).toEqual([]);
      expect((result.hints ?? []).map((h) => h.message)).toEqual([]);
    };

    it('describes every type, field, argument, enum value and input field it owns (Sandbox is the documentation)', () => {
      expect(undocumentedDefinitions(document, { foreignEntities: check.foreignEntities })).toEqual([]);
    });

    it('has every mutation take one `input` and return `userErrors` of its one UserError type', () => {
      const userErrorTypes = document.definitions.filter(
        (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value.endsWith('UserError'),
      );
      expect(userErrorTypes).toHaveLength(1);
      const userError = (userErrorTypes[0] as ObjectTypeDefinitionNode).name.value;
      for (const mutation of objectType(document, 'Mutation')?.fields ?? []) {
        expect([mutation.name.value, mutation.arguments?.map((a) => a.name.value)]).toEqual([
          mutation.name.value,
          ['input'],
        ]);
        const payload = objectType(document, print(mutation.type).replace(/!$/, ''));
        const userErrors = payload?.fields?.find((f) => f.name.value === 'userErrors');
        expect([mutation.name.value, userErrors && print(userErrors.type)]).toEqual([
          mutation.name.value,
          `[${userError}!]!`,
        ]);
      }
    });

    it(`declares ${SHARED_TYPES.join(' and ')} as products does, byte for byte`, () => {
      const products = readSubgraphSchema('products');
      expect(shared.map((d) => print(d))).toEqual(
        definitionsOf(
          products,
          shared.map((d) => (d as { name: { value: string } }).name.value),
        ).map((d) => print(d)),
      );
    });

    it(`composes with ${['a subgraph that copies its shared types', ...(check.composesWith ?? [])].join(', ')}: no errors, no hints`, () => {
      const uses = shared.some((d) => d.kind === Kind.SCALAR_TYPE_DEFINITION && d.name.value === 'DateTime')
        ? 'DateTime'
        : 'Boolean';
      const copy = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
        type Query { "When reviews were last moderated." reviewsModeratedAt: ${uses} }
        ${shared.map((d) => print(d)).join('\n')}`);
      expectComposes({ name: 'copy', typeDefs: copy });
      if (check.composesWith?.length)
        expectComposes(...check.composesWith.map((other) => ({ name: other, typeDefs: readSubgraphSchema(other) })));
    });
  });
}
