import { Kind, visit, type DocumentNode } from 'graphql';

/**
 * Paths (`Type`, `Type.field`, `Type.field.arg`, `Enum.VALUE`) of everything in a subgraph's SDL that has no
 * description: Sandbox is the documentation. Exempt: Query and Mutation themselves (every subgraph contributes
 * to them, and differing descriptions are a composition hint), and for entity types another subgraph owns, the
 * type and its `id` (the owner describes them; a second, different text is a hint too).
 */
export function undocumentedDefinitions(document: DocumentNode, options: { foreignEntities?: string[] } = {}): string[] {
  const exempt = new Set(['Query', 'Mutation', ...(options.foreignEntities ?? []).flatMap((t) => [t, `${t}.id`])]);
  const undocumented: string[] = [];
  const where: string[] = [];
  const check = (node: { description?: { value: string } | undefined }, name: string) => {
    const path = [...where, name].join('.');
    if (!exempt.has(path) && !node.description?.value.trim()) undocumented.push(path);
  };
  const scopes = new Set<string>([Kind.OBJECT_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_DEFINITION, Kind.ENUM_TYPE_DEFINITION, Kind.SCALAR_TYPE_DEFINITION]);
  visit(document, {
    enter(node) {
      if (scopes.has(node.kind) && 'name' in node && node.name) {
        check(node as { description?: { value: string } }, node.name.value);
        where.push(node.name.value);
      } else if (node.kind === Kind.FIELD_DEFINITION || node.kind === Kind.INPUT_VALUE_DEFINITION || node.kind === Kind.ENUM_VALUE_DEFINITION) {
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
