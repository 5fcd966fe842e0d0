import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Query limits at the edge, so one request cannot make the subgraphs do unbounded work:
 * a maximum selection depth (fragments followed, cycles cut), a token cap at parse time, and a per-client
 * token-bucket rate limit.
 */

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_TOKENS = 5000;

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
      if (!selectionSet) return depth;
      let max = depth;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          // Introspection's own nesting is not the subgraphs' work.
          if (selection.name.value.startsWith('__')) continue;
          max = Math.max(max, depthOf(selection.selectionSet, depth + 1, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(selection.selectionSet, depth, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          max = Math.max(max, depthOf(fragment.selectionSet, depth, new Set([...seen, name])));
        }
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth > maxDepth + 1 ? 'far ' : ''}deeper than the allowed ${maxDepth} levels.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_DEEP', maxDepth },
            }),
          );
        }
      },
    };
  };
}

export interface RateLimiter {
  /** Takes one token for `key`; returns the seconds to wait when none is left, or 0 when allowed. */
  take(key: string): number;
}

/** Token bucket per client key, refilled continuously; idle buckets are forgotten to bound memory. */
export function createRateLimiter(perMinute: number, burst = Math.max(1, Math.ceil(perMinute / 6))): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  let lastSweep = Date.now();
  return {
    take(key) {
      const now = Date.now();
      if (now - lastSweep > 60_000) {
        for (const [k, b] of buckets) if (now - b.at > 120_000) buckets.delete(k);
        lastSweep = now;
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * refillPerMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
    },
  };
}
