import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '@shop/core';
import { analyzeOperation, buildCostModel, type CostAnalysis } from './cost';
import { createCostBudget, type CostBudget } from './cost-budget';

/** The gateway's breadth and cost limits (env: QUERY_COST_MAX, QUERY_MAX_ALIASES, QUERY_MAX_ROOT_FIELDS, RATE_LIMIT_COST_PER_MINUTE). */
export interface CostLimits {
  /** Most an operation may cost. */
  maxCost: number;
  /** Most aliased fields in an operation (fragments expanded). */
  maxAliases: number;
  /** Most root fields in an operation (aliased copies count, fragments expanded). */
  maxRootFields: number;
  /** Cost points per client per minute, refilled continuously; 0 turns the throttle off. */
  budgetPerMinute: number;
}

/**
 * Defaults: the costliest README example (Catalog, ~36,000: ten products with up to 100 variants and 100 media
 * each) is under 4 % of `maxCost`, and the benchmark's listings (100 products with prices, stock and ratings,
 * ~162,000; 50 products with variants and media, ~200,000) pass. Twelve aliased copies of such a listing do not.
 * A client can spend five maximal operations a minute, or about 250 storefront pages (~19,500 each).
 */
/**
 * What a request the gateway refuses after reading its document spends (syntax or validation error,
 * QUERY_TOO_COSTLY, THROTTLED), or what is left when less. Parsing and validating a 5,000-token document is the
 * gateway's own work: without a charge, junk or unaffordable documents could be sent at any rate. With the default
 * budget this allows about a thousand refusals a minute, and a client that keeps knocking stays at zero, where it
 * is refused before its document is parsed.
 */
export const REFUSAL_COST = 5_000;

export const DEFAULT_COST_LIMITS: CostLimits = {
  maxCost: 1_000_000,
  maxAliases: 30,
  maxRootFields: 15,
  budgetPerMinute: 5_000_000,
};

/** Who spends the budget: the verified user when there is a token, else the client IP. */
export interface CostContext extends BaseContext {
  clientKey: string;
}

/** What `extensions.cost` of every response carries (the shape follows Shopify's `extensions.cost`). */
export interface CostReport {
  requestedQueryCost: number | null;
  maximumQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}

const tooCostly = (message: string, extensions: Record<string, number>): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COSTLY, ...extensions, http: { status: 400 } } });

/** The limit an analysis breaks, if any (breadth first: the cheapest to explain). */
function refusal(analysis: CostAnalysis, limits: CostLimits): GraphQLError | null {
  if (analysis.rootFields > limits.maxRootFields) {
    return tooCostly(
      `The operation selects ${analysis.rootFields} root fields; at most ${limits.maxRootFields} are allowed.`,
      {
        rootFields: analysis.rootFields,
        maxRootFields: limits.maxRootFields,
        cost: analysis.cost,
        maxCost: limits.maxCost,
      },
    );
  }
  if (analysis.aliases > limits.maxAliases) {
    return tooCostly(`The operation uses ${analysis.aliases} aliases; at most ${limits.maxAliases} are allowed.`, {
      aliases: analysis.aliases,
      maxAliases: limits.maxAliases,
      cost: analysis.cost,
      maxCost: limits.maxCost,
    });
  }
  if (analysis.cost > limits.maxCost) {
    return tooCostly(
      `The operation costs ${analysis.cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages or fewer fields.`,
      {
        cost: analysis.cost,
        maxCost: limits.maxCost,
      },
    );
  }
  return null;
}

export interface CostControl<Ctx extends CostContext> {
  plugin: ApolloServerPlugin<Ctx>;
  /** Null when the throttle is off. */
  budget: CostBudget | null;
}

/**
 * Costs every operation in `didResolveOperation`, which Apollo Server runs after validation and before execution,
 * and the gateway only builds its query plan when executing: a refused operation never reaches the planner or a
 * subgraph. The allowed cost is then spent from the client's budget, and every response reports it.
 */
export function createCostControl<Ctx extends CostContext>(
  supergraphSdl: string,
  limits: CostLimits,
): CostControl<Ctx> {
  const model = buildCostModel(supergraphSdl);
  const budget = limits.budgetPerMinute > 0 ? createCostBudget(limits.budgetPerMinute) : null;
  const throttleStatus = (key: string): CostReport['throttleStatus'] =>
    budget
      ? {
          maximumAvailable: budget.capacity,
          currentlyAvailable: budget.available(key),
          restoreRate: Math.round(budget.restorePerSecond * 100) / 100,
        }
      : null;

  const plugin: ApolloServerPlugin<Ctx> = {
    async requestDidStart() {
      let requested: number | null = null;
      let spent = false;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const analysis = analyzeOperation(schema, document, operation, request.variables, model);
          requested = analysis.cost;
          const refused = refusal(analysis, limits);
          if (refused) throw refused;
          if (!budget) return;
          // Every request spends at least one point, so free-looking ones (`{ __typename }`) are still counted.
          const result = budget.spend(contextValue.clientKey, Math.max(1, analysis.cost));
          spent = result.ok;
          if (!result.ok) {
            throw new GraphQLError(
              `Cost budget spent: this operation costs ${analysis.cost} and ${result.remaining} is left; retry in ${result.retryAfterSeconds} s.`,
              {
                extensions: {
                  code: ErrorCode.THROTTLED,
                  cost: analysis.cost,
                  available: result.remaining,
                  retryAfterSeconds: result.retryAfterSeconds,
                  http: { status: 429, headers: new HeaderMap([['retry-after', String(result.retryAfterSeconds)]]) },
                },
              },
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          // Unparsable, invalid or refused requests spent nothing above: they pay the refusal charge.
          if (budget && !spent) budget.drain(contextValue.clientKey, REFUSAL_COST);
          if (response.body.kind !== 'single') return;
          const cost: CostReport = {
            requestedQueryCost: requested,
            maximumQueryCost: limits.maxCost,
            throttleStatus: throttleStatus(contextValue.clientKey),
          };
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
        },
      };
    },
  };
  return { plugin, budget };
}
