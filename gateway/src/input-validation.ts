import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import {
  GraphQLError,
  getVariableValues,
  isScalarType,
  specifiedScalarTypes,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { DateTime, Decimal, JSON as JSONScalar, findUnstorableText, unstorableTextError } from '@shop/server';

/**
 * Bad input is refused at the gateway, before planning, so it never reaches a subgraph:
 *
 * - The supergraph only names its custom scalars; @apollo/gateway builds them with identity parsing, so "NaN"
 *   passed as a Decimal used to travel to pricing, which answered HTTP 400, which the gateway turned into
 *   INTERNAL_SERVER_ERROR "400: Bad Request". The gateway's schema gets the subgraphs' own implementations
 *   (packages/server/src/scalars.ts), so literals fail validation and variables fail coercion here, as
 *   BAD_USER_INPUT.
 * - Variables are coerced by a plugin rather than by @apollo/gateway's own check, whose errors carry no code
 *   (they were masked as internal errors).
 * - Text PostgreSQL cannot store is refused by the same check every subgraph runs (storable-text.ts): the
 *   gateway refuses it early with the client's argument path, the subgraphs refuse it again for a router that
 *   does not (Hive Gateway, Apollo Router).
 */

/** Every custom scalar of the supergraph, by name: one that is missing here fails the gateway's tests. */
export const INPUT_SCALARS: Record<string, GraphQLScalarType> = { DateTime, Decimal, JSON: JSONScalar };

const BUILT_IN = new Set(specifiedScalarTypes.map((t) => t.name));

/** Custom scalars of a schema that have no implementation above (they would accept anything). */
export function scalarsWithoutImplementation(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter(
      (type): type is GraphQLScalarType => isScalarType(type) && !BUILT_IN.has(type.name) && !type.name.startsWith('_'),
    )
    .filter((type) => !INPUT_SCALARS[type.name] && !/^(join|link)__/.test(type.name))
    .map((type) => type.name);
}

/**
 * Gives the gateway's client-facing schema the real parsing of each custom scalar. The schema object is built
 * inside @apollo/gateway, so its scalar types are updated in place; `serialize` stays as is (the subgraphs
 * already serialized their answers).
 */
export function enforceInputScalars(gateway: ApolloGateway): void {
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    for (const [name, implementation] of Object.entries(INPUT_SCALARS)) {
      const type = apiSchema.getType(name);
      if (!type || !isScalarType(type)) continue;
      Object.assign(type, { parseValue: implementation.parseValue, parseLiteral: implementation.parseLiteral });
    }
  });
}

function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, ...extensions } });
}

/**
 * graphql-js names the refused variable and the path inside it only in the message
 * (`Variable "$input" got invalid value "NaN" at "input.amount"; …`): the same path as the text check gives.
 */
function variablePathOf(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const inside = / at "(\w+(?:\.\w+|\[\d+\])*)"; /.exec(message)?.[1];
  return inside ? `$${inside.replace(/\[(\d+)\]/g, '.$1')}` : `$${variable}`;
}

function unresolvedOperation(operationName: string | undefined): GraphQLError {
  const message = operationName
    ? `Unknown operation named ${globalThis.JSON.stringify(operationName.slice(0, 100))}.`
    : 'Must provide operation name if query contains multiple operations.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
}

/**
 * Refuses an operation name that names no operation, unstorable text and variables that do not coerce to their
 * declared types, before any planning.
 */
export function inputValidationPlugin<Ctx extends object>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation, schema }) {
          // Apollo Server leaves this to the executor, and @apollo/gateway's throws a plain error: HTTP 500.
          if (!operation) throw unresolvedOperation(request.operationName);
          const unstorable = findUnstorableText(document, request.variables);
          if (unstorable) throw unstorableTextError(unstorable);
          const { errors } = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}, {
            maxErrors: 5,
          });
          if (errors?.length) {
            const first = errors[0]!;
            const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
            // graphql-js quotes the whole refused value: a 100 KB string is not echoed back in full.
            const message = first.message.length > 300 ? `${first.message.slice(0, 300)}…` : first.message;
            throw badUserInput(`${message}${more}`, { argumentPath: variablePathOf(first.message) });
          }
        },
      };
    },
  };
}
