import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
} from 'graphql';

/** Why the gateway answered for a subgraph instead of the subgraph itself. */
export type UnavailableReason =
  'timeout' | 'unreachable' | 'bad-gateway' | 'bad-response' | 'server-error' | 'circuit-open' | 'not-configured';

export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/**
 * A failed fetch nulls every field it would have filled. One error per such field (so a client can tell a null
 * price from a missing one), up to this many; a longer list ends in one error without a path that counts the rest,
 * so an outage under a 100-product listing cannot make the answer many times larger than the data.
 */
export const MAX_ERRORS_PER_FETCH = 50;

const REASON_TEXT: Record<UnavailableReason, string> = {
  timeout: 'it did not answer in time',
  unreachable: 'it cannot be reached',
  'bad-gateway': 'it is not serving',
  'bad-response': 'it sent an unreadable answer',
  'server-error': 'it failed while answering',
  'circuit-open': 'it failed repeatedly and calls to it are paused',
  'not-configured': 'it is not running here',
};

export interface SubgraphRequestBody {
  query?: string;
  variables?: Record<string, unknown> | null;
}

type Path = (string | number)[];

function fieldNames(
  selectionSet: SelectionSetNode,
  typename: string | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.push(selection.alias?.value ?? selection.name.value);
    } else {
      const condition =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.typeCondition
          : fragments.get(selection.name.value)?.typeCondition;
      if (condition && typename && condition.name.value !== typename) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT)
        names.push(...fieldNames(selection.selectionSet, typename, fragments, seen));
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) names.push(...fieldNames(fragment.selectionSet, typename, fragments, seen));
      }
    }
  }
  return [...new Set(names)];
}

/**
 * The fields a subgraph fetch would have filled, as paths in the fetch's own answer: `[rootField]` for a root fetch,
 * `['_entities', i, field]` for an entity fetch. The gateway maps both onto the client's response (the i-th entity's
 * place in the listing), which is how the error lands beside the null it explains.
 */
export function fetchedFieldPaths(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): Path[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const root = operation.selectionSet;
  const entities = root.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  const representations = variables?.representations;
  if (entities?.kind === Kind.FIELD && entities.selectionSet && Array.isArray(representations)) {
    const entityName = entities.alias?.value ?? '_entities';
    return representations.flatMap((representation: unknown, index): Path[] => {
      const typename =
        typeof representation === 'object' && representation !== null
          ? (representation as { __typename?: unknown }).__typename
          : undefined;
      const fields = fieldNames(entities.selectionSet!, typeof typename === 'string' ? typename : undefined, fragments);
      return fields.length ? fields.map((field) => [entityName, index, field]) : [[entityName, index]];
    });
  }
  return fieldNames(root, undefined, fragments).map((field) => [field]);
}

/** Errors for a fetch the subgraph could not answer: code, subgraph and reason, never a URL or an internal message. */
export function unavailableErrors(
  subgraph: string,
  reason: UnavailableReason,
  request: SubgraphRequestBody,
): GraphQLFormattedError[] {
  const message = `The ${subgraph} subgraph is unavailable (${REASON_TEXT[reason]}), so this field is null.`;
  const extensions = { code: SUBGRAPH_UNAVAILABLE, subgraph, reason };
  let paths: Path[] = [];
  try {
    if (request.query) paths = fetchedFieldPaths(parse(request.query), request.variables);
  } catch {
    // The gateway wrote this query; if it cannot be read back the error simply carries no path.
  }
  if (paths.length === 0)
    return [{ message: `The ${subgraph} subgraph is unavailable (${REASON_TEXT[reason]}).`, extensions }];
  const shown = paths.length > MAX_ERRORS_PER_FETCH ? paths.slice(0, MAX_ERRORS_PER_FETCH - 1) : paths;
  const errors: GraphQLFormattedError[] = shown.map((path) => ({ message, path, extensions }));
  if (shown.length < paths.length) {
    errors.push({
      message: `The ${subgraph} subgraph is unavailable (${REASON_TEXT[reason]}): ${paths.length - shown.length} more fields are null.`,
      extensions,
    });
  }
  return errors;
}
