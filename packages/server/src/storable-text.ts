import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionNode, type ValueNode } from 'graphql';

/**
 * PostgreSQL cannot store every JavaScript string: `text` and `jsonb` refuse U+0000, and a lone UTF-16
 * surrogate has no UTF-8 form (the driver would silently turn it into U+FFFD, so the stored value would not be
 * the one sent). Such text is refused here, before any resolver runs, instead of failing deep inside SQL as a
 * server error. Every string an operation can carry is either a literal in its document or part of its
 * variables, so walking both covers every argument of every field without knowing the schema.
 */

/** U+0000, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- U+0000 is what PostgreSQL text cannot store: matching it is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnstorableText {
  /** Where the text is, e.g. `product.slug`, `productCreate.input.variants.0.sku` or `$input.name`. */
  path: string;
  reason: 'NUL character' | 'invalid UTF-16 (lone surrogate)' | 'nested too deeply';
}

function reasonOf(text: string): UnstorableText['reason'] | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'NUL character' : 'invalid UTF-16 (lone surrogate)';
}

/** Object keys count too: a JSON argument's keys end up in `jsonb` like its values. */
function inValue(value: unknown, path: string, depth = 0): UnstorableText | null {
  // Variables are parsed JSON, so they cannot be cyclic; no input type of the schema nests anywhere near this.
  if (depth > 200) return { path, reason: 'nested too deeply' };
  if (typeof value === 'string') {
    const reason = reasonOf(value);
    return reason ? { path, reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = inValue(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = reasonOf(key);
      if (keyReason) return { path: `${path}.${JSON.stringify(key)}`, reason: keyReason };
      const found = inValue(item, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function inLiteral(node: ValueNode, path: string): UnstorableText | null {
  switch (node.kind) {
    case Kind.STRING: {
      const reason = reasonOf(node.value);
      return reason ? { path, reason } : null;
    }
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = inLiteral(node.values[i]!, `${path}.${i}`);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, `${path}.${field.name.value}`);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/**
 * The first string in the document's arguments (fields and directives, in every operation and fragment) or in
 * the variables that PostgreSQL could not store, with the path of the argument that carries it.
 */
export function findUnstorableText(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): UnstorableText | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = inValue(value, `$${name}`);
    if (found) return found;
  }
  const fieldPath: string[] = [];
  let found: UnstorableText | null = null;
  // A hand-rolled walk instead of graphql's visit(): it needs the field path, and stops at the first finding.
  const walkSelections = (selections: readonly SelectionNode[]): void => {
    for (const selection of selections) {
      if (found) return;
      if (selection.kind === Kind.FIELD) {
        fieldPath.push(selection.alias?.value ?? selection.name.value);
        for (const argument of [
          ...(selection.arguments ?? []),
          ...(selection.directives ?? []).flatMap((d) => d.arguments ?? []),
        ]) {
          found ??= inLiteral(argument.value, `${fieldPath.join('.')}.${argument.name.value}`);
        }
        if (selection.selectionSet) walkSelections(selection.selectionSet.selections);
        fieldPath.pop();
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walkSelections(selection.selectionSet.selections);
      }
    }
  };
  for (const definition of document.definitions) {
    if (found) break;
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      // Variable defaults are literals too.
      for (const variable of definition.kind === Kind.OPERATION_DEFINITION
        ? (definition.variableDefinitions ?? [])
        : []) {
        if (variable.defaultValue) found ??= inLiteral(variable.defaultValue, `$${variable.variable.name.value}`);
      }
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fieldPath.push(`...${definition.name.value}`);
      walkSelections(definition.selectionSet.selections);
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fieldPath.pop();
    }
  }
  return found;
}

export function unstorableTextError(found: UnstorableText): GraphQLError {
  return new GraphQLError(`The value at "${found.path}" cannot be stored (${found.reason}).`, {
    extensions: { code: 'BAD_USER_INPUT', argumentPath: found.path, http: { status: 400 } },
  });
}

/**
 * Refuses an operation whose arguments or variables carry unstorable text, before it executes: nothing is
 * read or written. The gateway and every subgraph install it, so a subgraph behind another router is covered too.
 */
export function refuseUnstorableTextPlugin<Ctx extends ApolloBaseContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const found = findUnstorableText(document, request.variables);
          if (found) throw unstorableTextError(found);
        },
      };
    },
  };
}
