import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  isObjectType,
  isUnionType,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * `_entities(representations: [_Any!]!)` takes anything a caller sends: a router always sends objects whose
 * `__typename` names one of this subgraph's entities and whose key fields are set, but a caller holding the
 * gateway credential (another router, a script) may not. @apollo/subgraph answers a missing or unknown `__typename`
 * with a plain Error, and a resolver given no key fails deeper: both were INTERNAL_SERVER_ERROR, logged at error
 * level. They are the caller's mistake, refused here as BAD_USER_INPUT before any resolver runs.
 */

/** The field lists of an entity's `@key` directives (`@key(fields: "id")` → [['id']]); nested selections are not used here. */
function keyFieldSets(type: GraphQLObjectType): string[][] {
  const nodes = [type.astNode, ...type.extensionASTNodes].filter((node) => node !== null && node !== undefined);
  const sets: string[][] = [];
  for (const node of nodes) {
    for (const directive of node.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value;
      if (fields?.kind !== Kind.STRING) continue;
      // A key with a nested selection ("id owner { id }") keeps its top-level names; the top level must be present.
      const topLevel = fields.value
        .replace(/\{[^{}]*\}/g, ' ')
        .split(/[\s,]+/)
        .filter(Boolean);
      if (topLevel.length) sets.push(topLevel);
    }
  }
  return sets;
}

function entityTypes(schema: GraphQLSchema): Map<string, string[][]> {
  const union = schema.getType('_Entity');
  const entities = new Map<string, string[][]>();
  if (!isUnionType(union)) return entities;
  for (const member of union.getTypes()) if (isObjectType(member)) entities.set(member.name, keyFieldSets(member));
  return entities;
}

/** Why a representation cannot be resolved, or null when it can. */
function problemOf(representation: unknown, entities: Map<string, string[][]>): string | null {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation))
    return 'is not an object';
  const { __typename: typename } = representation as { __typename?: unknown };
  if (typeof typename !== 'string') return 'has no __typename';
  const keys = entities.get(typename);
  if (!keys) return 'names no entity of this subgraph';
  const fields = representation as Record<string, unknown>;
  const complete =
    keys.length === 0 ||
    keys.some((set) => set.every((field) => fields[field] !== undefined && fields[field] !== null));
  return complete ? null : 'lacks its key fields';
}

function entitiesArguments(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
): unknown[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const found: unknown[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '_entities') continue;
        const argument = selection.arguments?.find((a) => a.name.value === 'representations');
        if (argument) found.push(valueFromASTUntyped(argument.value, variables));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/** Refuses `_entities` calls with a representation no resolver could use, naming its index. */
export function refuseMalformedRepresentationsPlugin<Ctx extends ApolloBaseContext>(): ApolloServerPlugin<Ctx> {
  let entities: Map<string, string[][]> | undefined;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation || operation.operation !== OperationTypeNode.QUERY) return;
          entities ??= entityTypes(schema);
          for (const representations of entitiesArguments(operation, document, request.variables ?? {})) {
            if (!Array.isArray(representations)) continue; // validation already requires a list
            for (const [index, representation] of representations.entries()) {
              const problem = problemOf(representation, entities);
              if (problem) {
                throw new GraphQLError(`Representation ${index} ${problem}.`, {
                  extensions: {
                    code: 'BAD_USER_INPUT',
                    argumentPath: `_entities.representations.${index}`,
                    http: { status: 400 },
                  },
                });
              }
            }
          }
        },
      };
    },
  };
}
