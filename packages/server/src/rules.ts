import { allow, deny, rule, shield } from 'graphql-shield';
import { middleware, type IMiddlewareFieldMap } from 'graphql-middleware';
import { isObjectType } from 'graphql';
import type { IRules } from 'graphql-shield';
import type { BaseContext } from './context';
import { forbiddenError, unauthenticatedError } from './domain-errors';
import { identityHasPermission } from './identity';

export { allow, deny, rule };
export type { IRules };

/**
 * A rule of a subgraph's `permissions.ts`: one made by `rule()` (`isAuthenticated`, `hasPermission(...)`) or one of
 * shield's constants. Its maps are typed `Record<keyof QueryResolvers, ShieldRule>`, so a root field without a rule
 * is a compile error as well as denied.
 */
export type ShieldRule = ReturnType<ReturnType<typeof rule>> | typeof allow | typeof deny;

/** Signed in as anybody. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
  ctx.identity.kind === 'user' ? true : unauthenticatedError(),
);

/** Signed in as staff. */
export const isStaff = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
  if (ctx.identity.kind !== 'user') return unauthenticatedError();
  return ctx.identity.staff ? true : forbiddenError('Staff only.');
});

const permissionRules = new Map<string, typeof isStaff>();

/** Staff holding `permission` (permissions are data: granted per staff account). */
export function hasPermission(permission: string) {
  let r = permissionRules.get(permission);
  if (!r) {
    r = rule(`hasPermission:${permission}`, { cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
      if (ctx.identity.kind !== 'user') return unauthenticatedError();
      return identityHasPermission(ctx.identity, permission)
        ? true
        : forbiddenError(`Requires the ${permission} permission.`);
    });
    permissionRules.set(permission, r);
  }
  return r;
}

/**
 * A rule decided per parent object, for a field that belongs to one user (owner or staff, say): `allows` passes;
 * otherwise a signed-in caller gets FORBIDDEN with `message` and an anonymous one UNAUTHENTICATED. Not cached
 * across parents: each object has its own owner. Put it on the type's fields, so it holds however the object was
 * reached (a root field, a payload, or `_entities` from another subgraph).
 */
export function perObjectRule<Parent, Ctx extends BaseContext>(
  allows: (parent: Parent, ctx: Ctx) => boolean,
  message: string,
): ShieldRule {
  return rule({ cache: 'no_cache' })((parent: Parent, _args: unknown, ctx: Ctx) => {
    if (allows(parent, ctx)) return true;
    return ctx.identity.kind === 'user' ? forbiddenError(message) : unauthenticatedError();
  });
}

/** The names of a space- or newline-separated list ("productCreate productUpdate") as a union of literals. */
type FieldNames<List extends string> = List extends `${infer Head} ${infer Tail}`
  ? FieldNames<Head> | FieldNames<Tail>
  : List extends `${infer Head}\n${infer Tail}`
    ? FieldNames<Head> | FieldNames<Tail>
    : List extends ''
      ? never
      : List;

/** A rule and the root fields it guards, named in one string (see `rootRules`). */
export type RuleGroup = readonly [rule: ShieldRule, fields: string];

type NamedIn<Groups extends readonly RuleGroup[]> = FieldNames<Groups[number][1]>;

/** Empty when the groups name every field once; otherwise one argument whose type says what is wrong. */
type RuleProblems<Field extends string, Named extends string> = [
  Exclude<Field, Named> | Exclude<Named, Field>,
] extends [never]
  ? []
  : [problems: { fieldsWithoutRule: Exclude<Field, Named>; namesThatAreNoField: Exclude<Named, Field> }];

/**
 * A root type's rule map of a subgraph's `permissions.ts`, written rule by rule with the fields each guards:
 *
 *     const Mutation = rootRules<MutationResolvers>()([
 *       [allow, 'register'],
 *       [isAuthenticated, 'profileUpdate addressCreate addressDelete'],
 *     ]);
 *
 * Every field of `Resolvers` (the generated `QueryResolvers` / `MutationResolvers`) must be named: a field left out
 * or a name that is no field is a compile error (the call then wants a second argument whose type lists them), on
 * top of the platform denying a root field without a rule. A field named twice throws, so no field has two rules.
 */
export function rootRules<Resolvers>() {
  return <const Groups extends readonly RuleGroup[]>(
    groups: Groups,
    ...problems: RuleProblems<keyof Resolvers & string, NamedIn<Groups>>
  ): Record<keyof Resolvers, ShieldRule> => {
    void problems;
    const rules: Record<string, ShieldRule> = {};
    for (const [fieldRule, fields] of groups) {
      for (const field of fields.split(/\s+/).filter((name) => name !== '')) {
        if (field in rules) throw new Error(`The root field ${field} has two rules.`);
        rules[field] = fieldRule;
      }
    }
    return rules as Record<keyof Resolvers, ShieldRule>;
  };
}

type RuleTypeMap = Record<string, unknown>;

/**
 * Wraps a subgraph's rule map into a shield middleware that denies by default:
 * - Query and Mutation fields without a rule are denied (a new entry point must be given a rule);
 * - federation's own entry points (`_entities`, `_service`) are allowed, so entity fields must carry
 *   their own rules (a Query rule does not protect the same data reached through `_entities`);
 * - any other object type the map does not mention is readable: its data can only be reached through
 *   a root field or an entity reference, both of which are guarded.
 */
export function denyByDefault(rules: RuleTypeMap) {
  const isFieldMap = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

  return middleware((schema) => {
    const tree: Record<string, unknown> = { ...rules };
    const queryFields = schema.getQueryType()?.getFields() ?? {};
    const federation = Object.fromEntries(
      ['_entities', '_service'].filter((f) => f in queryFields).map((f) => [f, allow]),
    );
    tree.Query = { ...(rules.Query ?? {}), ...federation };
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || tree[type.name]) continue;
      if (type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType())
        continue;
      tree[type.name] = allow;
    }
    const ruleFor = (typeName: string, fieldName: string): unknown => {
      const typeRule = tree[typeName];
      if (!isFieldMap(typeRule)) return typeRule ?? deny;
      return typeRule[fieldName] ?? typeRule['*'] ?? deny;
    };
    const generated = shield(tree as IRules, {
      fallbackRule: deny,
      allowExternalErrors: true,
      fallbackError: forbiddenError(),
    }).generate(schema) as Record<string, IMiddlewareFieldMap>;
    // Shield wraps every field in an async middleware, even where the rule is `allow`, which turns a page of
    // 50 products into thousands of promises. A field whose rule is exactly `allow` always passes, so its
    // wrapper is dropped: the same decisions, without the cost on every readable field.
    for (const [typeName, fields] of Object.entries(generated)) {
      for (const fieldName of Object.keys(fields)) {
        if (ruleFor(typeName, fieldName) === allow) delete fields[fieldName];
      }
      if (Object.keys(fields).length === 0) delete generated[typeName];
    }
    return generated;
  });
}
