/**
 * A subgraph answers `null` in `_entities` for an entity it does not have or will not show this caller (products
 * hides DRAFT and ARCHIVED products from customers). @apollo/gateway 2.x merges nothing for such an entry and
 * keeps the reference object it already had ({ __typename, id }), so the entity is then shaped as if it existed:
 * its non-null fields fail in `extensions.valueCompletion`, and fields other subgraphs contribute to it (price,
 * stock, rating) are still fetched for it.
 *
 * The data source therefore replaces each null entry with an object whose `__typename` is no type of the schema.
 * The gateway then skips the entity in every later fetch (its representation matches no type condition) and
 * shapes it as null (a nullable reference becomes null; a non-null one nulls its parent), reporting one "Invalid
 * __typename" completion error per such entity, which `withValueCompletionErrors` drops: a missing entity is an
 * expected answer, not an error.
 */
export const MISSING_ENTITY_TYPENAME = '__MissingEntity';

const missingByRequest = new WeakMap<object, number>();

interface SubgraphResponse {
  data?: Record<string, unknown> | null;
}

/** Marks the null entries of an `_entities` answer and counts them for the request that `context` belongs to. */
export function markMissingEntities<R extends SubgraphResponse>(response: R, context: object): R {
  const entities = response.data?._entities;
  if (!Array.isArray(entities) || !entities.includes(null)) return response;
  let missing = 0;
  const marked = entities.map((entity: unknown) => {
    if (entity !== null) return entity;
    missing += 1;
    return { __typename: MISSING_ENTITY_TYPENAME };
  });
  missingByRequest.set(context, (missingByRequest.get(context) ?? 0) + missing);
  return { ...response, data: { ...response.data, _entities: marked } };
}

/** How many entities of this request's subgraph answers were null. */
export const missingEntitiesOf = (context: object): number => missingByRequest.get(context) ?? 0;
