import {
  getNamedType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  type GraphQLEnumType,
  type GraphQLSchema,
} from 'graphql';

/**
 * graphql-codegen plugin (wired in codegen.ts): a subgraph's user-error codes as a runtime list, from its SDL, so the
 * domain's codes are the SDL's enum by construction and nobody repeats it by hand.
 *
 * The enums taken are those that a payload's `userErrors { code }` answers with (any field named `userErrors`
 * whose items have a `code` of an enum type), however many there are. For each enum `<Prefix>ErrorCode`:
 *
 *   export const <PREFIX>_ERROR_CODES = ['INVALID', …] as const;   // what `userErrorsOf` binds to
 *   export type <Prefix>ErrorCode = …;                             // the union of those codes
 *   export type <Prefix>UserError = UserError<<Prefix>ErrorCode>;  // one entry of a use case's refusal
 *   export type <Prefix>Result<T> = Result<T, <Prefix>ErrorCode>;  // what a use case returns
 */
export function userErrorEnums(schema: GraphQLSchema): GraphQLEnumType[] {
  const enums = new Map<string, GraphQLEnumType>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    const userErrors = type.getFields()['userErrors'];
    if (!userErrors) continue;
    const item = getNamedType(userErrors.type);
    if (!(isObjectType(item) || isInterfaceType(item))) continue;
    const codeField = item.getFields()['code'];
    const code = codeField ? getNamedType(codeField.type) : undefined;
    if (isEnumType(code)) enums.set(code.name, code);
  }
  return [...enums.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** `ShippingErrorCode` → `Shipping`; an enum named otherwise keeps its whole name as the prefix. */
const prefixOf = (enumName: string): string => enumName.replace(/ErrorCode$/, '');

/** `Shipping` → `SHIPPING`, `OrderLine` → `ORDER_LINE`. */
const screaming = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function block(errorEnum: GraphQLEnumType): string {
  const prefix = prefixOf(errorEnum.name);
  const list = `${screaming(prefix)}_ERROR_CODES`;
  const doc = errorEnum.description ? ` ${errorEnum.description.replace(/\s+/g, ' ').trim()}` : '';
  const values = errorEnum
    .getValues()
    .map((value) => `  '${value.name}',`)
    .join('\n');
  return [
    `/** The SDL's \`${errorEnum.name}\`, value for value.${doc.replace(/\*\//g, '*\\/')} */`,
    `export const ${list} = [\n${values}\n] as const;`,
    `export type ${errorEnum.name} = (typeof ${list})[number];`,
    `export type ${prefix}UserError = UserError<${errorEnum.name}>;`,
    `export type ${prefix}Result<T> = Result<T, ${errorEnum.name}>;`,
  ].join('\n');
}

export const errorCodesPlugin = {
  plugin: (schema: GraphQLSchema): string => {
    const enums = userErrorEnums(schema);
    if (enums.length === 0) return '';
    return [`import type { Result, UserError } from '@shop/core';`, ...enums.map(block)].join('\n\n') + '\n';
  },
};
