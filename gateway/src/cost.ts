import {
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE as CORE_DEFAULT_PAGE_SIZE } from '@shop/core';

/**
 * Static cost of an operation, computed from the document alone before the gateway plans or calls anything.
 *
 * The model (the README's "Query cost" section states it for clients):
 * - every field weighs 1; `__typename` weighs 0; a root mutation field weighs {@link MUTATION_WEIGHT} (each aliased
 *   copy is one call, so 200 aliased `login`s cost 200 calls); a field that a subgraph other than the owner of its
 *   parent type resolves (an entity fetch: `Product.priceRange` from pricing) weighs {@link CROSS_SUBGRAPH_WEIGHT};
 * - a field with `first`/`last` (a connection) multiplies its list children (`edges`, `nodes`) by that page size
 *   (variables resolved; absent: the field's default or {@link DEFAULT_PAGE_SIZE});
 * - any other list of objects is multiplied by its declared bound ({@link LIST_BOUNDS}, the subgraphs' own limits)
 *   or {@link DEFAULT_LIST_SIZE}; a list of scalars is one value;
 * - nesting multiplies; fragments and inline fragments are followed (each fragment costed once, so a fan-out of
 *   spreads cannot make the analysis itself slow); introspection costs 1 per selected field, multiplied only for
 *   lists nested deeper than a real introspection query nests them.
 * `@skip`/`@include` are ignored: the cost is an upper bound.
 */

/** What a subgraph returns when neither `first` nor `last` is given (packages/core pagination). */
export const DEFAULT_PAGE_SIZE = CORE_DEFAULT_PAGE_SIZE;
export const DEFAULT_LIST_SIZE = 20;
export const MUTATION_WEIGHT = 10;
export const CROSS_SUBGRAPH_WEIGHT = 3;
const INTROSPECTION_PLAIN_LIST_DEPTH = 3;
const INTROSPECTION_DEEP_LIST_SIZE = 100;

/**
 * Declared bounds of plain (unpaginated) lists, keyed `Type.field`, taken from the subgraphs' own limits
 * (subgraphs/products/src/domain/limits.ts, subgraphs/users/src/domain/limits.ts). A table here rather than
 * `@listSize` in the subgraph SDL: composition (federation v2.9) accepts `@listSize` with no hint, but the weights of
 * cross-subgraph fields come from `@join__field`, which another router's demand control cannot read anyway, and
 * the SDL stays untouched while other work changes it.
 */
export const LIST_BOUNDS: Readonly<Record<string, number>> = {
  'Product.variants': 100,
  'Product.media': 100,
  'ProductVariant.media': 100,
  'Product.options': 10,
  'Product.attributes': 50,
  'ProductVariant.optionValues': 10,
  'Category.ancestors': 8,
  'User.addresses': 20,
};

/** What the supergraph says about who resolves what: weights for fields fetched from another subgraph. */
export interface CostModel {
  /** `Type.field` → weight, for fields whose weight is not the default 1. */
  readonly fieldWeights: ReadonlyMap<string, number>;
}

export interface CostAnalysis {
  cost: number;
  aliases: number;
  rootFields: number;
}

/**
 * Reads `@join__type`/`@join__field` from the supergraph SDL: a type's owner is the subgraph that resolves most of
 * its fields; a field resolved only by other subgraphs costs an entity fetch. Root types are left alone: every root
 * field is one fetch wherever it lives.
 */
export function buildCostModel(supergraphSdl: string): CostModel {
  const fieldWeights = new Map<string, number>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeName = definition.name.value;
    if (typeName === 'Query' || typeName === 'Mutation' || typeName === 'Subscription') continue;
    const typeGraphs = graphsOf(definition.directives ?? [], 'join__type');
    if (typeGraphs.length < 2) continue;
    const fieldGraphs = new Map<string, string[]>();
    const tally = new Map<string, number>();
    for (const field of definition.fields ?? []) {
      const own = graphsOf(field.directives ?? [], 'join__field', true);
      const graphs = own.length > 0 ? own : typeGraphs;
      fieldGraphs.set(field.name.value, graphs);
      for (const graph of graphs) tally.set(graph, (tally.get(graph) ?? 0) + 1);
    }
    const owner = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    for (const [field, graphs] of fieldGraphs) {
      if (owner && !graphs.includes(owner)) fieldWeights.set(`${typeName}.${field}`, CROSS_SUBGRAPH_WEIGHT);
    }
  }
  return { fieldWeights };
}

function graphsOf(
  directives: readonly {
    name: { value: string };
    arguments?: readonly { name: { value: string }; value: ValueNode }[];
  }[],
  name: string,
  skipExternal = false,
): string[] {
  const graphs: string[] = [];
  for (const directive of directives) {
    if (directive.name.value !== name) continue;
    const args = new Map((directive.arguments ?? []).map((a) => [a.name.value, a.value]));
    const graph = args.get('graph');
    if (!graph || graph.kind !== Kind.ENUM) continue;
    const external = args.get('external');
    if (skipExternal && external?.kind === Kind.BOOLEAN && external.value) continue;
    const resolvable = args.get('resolvable');
    if (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) continue;
    graphs.push(graph.value);
  }
  return graphs;
}

/** Sizes are capped here so products stay finite (0 × Infinity would be NaN, and NaN compares as "not too costly"). */
const MAX_COUNTED_SIZE = 1e9;

/** A page size from an argument literal or variable; anything that is not a number counts as the default. */
function sizeFrom(value: unknown, fallback: number): number {
  if (typeof value === 'number' && !Number.isNaN(value))
    return Math.min(MAX_COUNTED_SIZE, Math.max(0, Math.floor(value)));
  return fallback;
}

/**
 * Costs one operation of a validated document. Linear in the size of the document: every fragment is costed once
 * per (fragment, page size it is spread under) and reused.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  model: CostModel,
): CostAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableValues: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const given = variables?.[name];
    variableValues[name] =
      given !== undefined ? given : definition.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  }
  const argumentValue = (field: FieldNode, name: string): unknown => {
    const argument = field.arguments?.find((a) => a.name.value === name);
    return argument ? valueFromASTUntyped(argument.value, variableValues) : undefined;
  };

  const isMutation = operation.operation === OperationTypeNode.MUTATION;
  const rootType = schema.getRootType(operation.operation);

  // Memo keyed by fragment name and the page size it is spread under (a fragment on a connection sizes its edges).
  const fragmentCosts = new Map<string, number>();
  const fragmentAliases = new Map<string, number>();
  const introspectionCounts = new Map<string, number>();
  const inProgress = new Set<string>();

  // Introspection: 1 per selected field, not multiplied, except lists nested deeper than any real client asks
  // (Sandbox's query nests types → fields → args: three); `types { fields { type { fields { ... } } } }` grows with
  // the schema at every level, so from the fourth nested list on each level counts INTROSPECTION_DEEP_LIST_SIZE.
  const introspectionCost = (
    selectionSet: SelectionSetNode | undefined,
    parentType: GraphQLNamedType | undefined,
    listDepth: number,
  ): number => {
    if (!selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const definition =
          parentType && (isObjectType(parentType) || isInterfaceType(parentType))
            ? parentType.getFields()[selection.name.value]
            : undefined;
        const isList = definition ? isListType(getNullableType(definition.type)) : false;
        const depth = listDepth + (isList ? 1 : 0);
        const items = isList && depth > INTROSPECTION_PLAIN_LIST_DEPTH ? INTROSPECTION_DEEP_LIST_SIZE : 1;
        total +=
          items *
          (1 +
            introspectionCost(selection.selectionSet, definition ? getNamedType(definition.type) : undefined, depth));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += introspectionCost(selection.selectionSet, parentType, listDepth);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const key = `i:${name}|${listDepth}`;
        if (!fragment || inProgress.has(key)) continue;
        let known = introspectionCounts.get(key);
        if (known === undefined) {
          inProgress.add(key);
          known = introspectionCost(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? parentType,
            listDepth,
          );
          inProgress.delete(key);
          introspectionCounts.set(key, known);
        }
        total += known;
      }
    }
    return total;
  };

  const selectionSetCost = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    pageSize: number | undefined,
    atRoot: boolean,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parentType, pageSize, atRoot);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        total += selectionSetCost(selection.selectionSet, type ?? parentType, pageSize, atRoot);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const key = `${name}|${pageSize ?? ''}|${atRoot ? 'root' : ''}`;
        // Validation refuses cycles; the guard keeps this total even if it ran on an unvalidated document.
        if (!fragment || inProgress.has(key)) continue;
        let known = fragmentCosts.get(key);
        if (known === undefined) {
          inProgress.add(key);
          known = selectionSetCost(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? parentType,
            pageSize,
            atRoot,
          );
          inProgress.delete(key);
          fragmentCosts.set(key, known);
        }
        total += known;
      }
    }
    return total;
  };

  const fieldCost = (
    field: FieldNode,
    parentType: GraphQLNamedType | undefined,
    pageSize: number | undefined,
    atRoot: boolean,
  ): number => {
    const name = field.name.value;
    if (name === '__typename') return 0;
    // Introspection is answered by the gateway from its schema, without any subgraph.
    if (name.startsWith('__')) {
      const root =
        name === '__schema' ? schema.getType('__Schema') : name === '__type' ? schema.getType('__Type') : undefined;
      return 1 + introspectionCost(field.selectionSet, root ?? undefined, 0);
    }
    const definition =
      parentType && (isObjectType(parentType) || isInterfaceType(parentType))
        ? parentType.getFields()[name]
        : undefined;
    if (!definition || !parentType) return 1;
    const weight = atRoot && isMutation ? MUTATION_WEIGHT : (model.fieldWeights.get(`${parentType.name}.${name}`) ?? 1);
    const named = getNamedType(definition.type);
    const listOfObjects = isListType(getNullableType(definition.type)) && !isLeafType(named);
    const items = listOfObjects ? (pageSize ?? LIST_BOUNDS[`${parentType.name}.${name}`] ?? DEFAULT_LIST_SIZE) : 1;
    const paginated = definition.args.some((a) => a.name === 'first' || a.name === 'last');
    let childPageSize: number | undefined;
    if (paginated) {
      const declaredDefault = definition.args.find((a) => a.name === 'first' || a.name === 'last')?.defaultValue;
      const requested = argumentValue(field, 'first') ?? argumentValue(field, 'last');
      childPageSize = sizeFrom(requested, sizeFrom(declaredDefault, DEFAULT_PAGE_SIZE));
    }
    const children = field.selectionSet ? selectionSetCost(field.selectionSet, named, childPageSize, false) : 0;
    return items * (weight + children);
  };

  const aliasCount = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD)
        total += (selection.alias ? 1 : 0) + (selection.selectionSet ? aliasCount(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += aliasCount(selection.selectionSet);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inProgress.has(`a:${name}`)) continue;
        let known = fragmentAliases.get(name);
        if (known === undefined) {
          inProgress.add(`a:${name}`);
          known = aliasCount(fragment.selectionSet);
          inProgress.delete(`a:${name}`);
          fragmentAliases.set(name, known);
        }
        total += known;
      }
    }
    return total;
  };

  // Root fields as executed: fragments and inline fragments at the root are expanded (each spread is another copy).
  const rootFieldCounts = new Map<string, number>();
  const rootFieldCount = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) total += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += rootFieldCount(selection.selectionSet);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inProgress.has(`r:${name}`)) continue;
        let known = rootFieldCounts.get(name);
        if (known === undefined) {
          inProgress.add(`r:${name}`);
          known = rootFieldCount(fragment.selectionSet);
          inProgress.delete(`r:${name}`);
          rootFieldCounts.set(name, known);
        }
        total += known;
      }
    }
    return total;
  };

  const cost = selectionSetCost(operation.selectionSet, rootType ?? undefined, undefined, true);
  return {
    // NaN cannot happen with finite sizes, but an unknown is never cheap.
    cost: Number.isNaN(cost) ? Number.MAX_SAFE_INTEGER : Math.min(cost, Number.MAX_SAFE_INTEGER),
    aliases: aliasCount(operation.selectionSet),
    rootFields: rootFieldCount(operation.selectionSet),
  };
}
