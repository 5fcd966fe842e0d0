import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { forbidden, unauthenticated } from '@shop/core';
import type { BaseContext } from './context';
import { identityHasPermission } from './identity';

export { allow, deny };
export type { IRules };

/** Signed in as anybody. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
  ctx.identity.kind === 'user' ? true : unauthenticated(),
);

/** Signed in as staff. */
export const isStaff = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
  if (ctx.identity.kind !== 'user') return unauthenticated();
  return ctx.identity.staff ? true : forbidden('Staff only.');
});

const permissionRules = new Map<string, typeof isStaff>();

/** Staff holding `permission` (permissions are data: granted per staff account). */
export function hasPermission(permission: string) {
  let r = permissionRules.get(permission);
  if (!r) {
    r = rule(`hasPermission:${permission}`, { cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
      if (ctx.identity.kind !== 'user') return unauthenticated();
      return identityHasPermission(ctx.identity, permission) ? true : forbidden(`Requires the ${permission} permission.`);
    });
    permissionRules.set(permission, r);
  }
  return r;
}

type RuleTypeMap = Record<string, Record<string, unknown> | unknown>;

/**
 * Wraps a subgraph's rule map into a shield middleware that denies by default:
 * - Query and Mutation fields without a rule are denied (a new entry point must be given a rule);
 * - federation's own entry points (`_entities`, `_service`) are allowed, so entity fields must carry
 *   their own rules (a Query rule does not protect the same data reached through `_entities`);
 * - any other object type the map does not mention is readable: its data can only be reached through
 *   a root field or an entity reference, both of which are guarded.
 */
export function denyByDefault(rules: RuleTypeMap, objectTypeNames: string[]) {
  const tree: Record<string, unknown> = { ...rules };
  tree.Query = { ...((rules.Query as object | undefined) ?? {}), _entities: allow, _service: allow };
  tree._Service = { sdl: allow };
  for (const name of objectTypeNames) {
    if (name === 'Query' || name === 'Mutation' || name === 'Subscription' || tree[name]) continue;
    tree[name] = allow;
  }
  return shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: forbidden(),
  });
}
