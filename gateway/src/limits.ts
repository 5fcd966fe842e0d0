import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Query limits at the edge, so one request cannot make the subgraphs do unbounded work:
 * a maximum selection depth (fragments followed, cycles cut) and a token cap at parse time. Breadth, cost and the
 * per-client cost budget are in cost.ts and cost-control.ts.
 */

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_TOKENS = 5000;

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    // Depth below a selection set, each fragment measured once: a fan-out of spreads (A spreads B ten times, B
    // spreads C ten times, ...) must not make this rule itself exponential.
    const fragmentDepths = new Map<string, number>();
    const depthBelow = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let max = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          // Introspection's own nesting is not the subgraphs' work.
          if (selection.name.value.startsWith('__')) continue;
          max = Math.max(max, 1 + (selection.selectionSet ? depthBelow(selection.selectionSet, visiting) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthBelow(selection.selectionSet, visiting));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A cycle is refused by graphql's own NoFragmentCycles rule; here it is only cut.
          if (!fragment || visiting.has(name)) continue;
          let known = fragmentDepths.get(name);
          if (known === undefined) {
            visiting.add(name);
            known = depthBelow(fragment.selectionSet, visiting);
            visiting.delete(name);
            fragmentDepths.set(name, known);
          }
          max = Math.max(max, known);
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthBelow(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `The query is ${depth > maxDepth + 1 ? 'far ' : ''}deeper than the allowed ${maxDepth} levels.`,
              {
                nodes: [node],
                extensions: { code: 'QUERY_TOO_DEEP', maxDepth },
              },
            ),
          );
        }
      },
    };
  };
}
