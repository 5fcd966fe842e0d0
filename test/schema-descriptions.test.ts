import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  parse,
} from 'graphql';

/**
 * Sandbox is the documentation: every type, field, argument, enum value and input field a client can see in the
 * composed supergraph has a description. One check over the supergraph covers every subgraph, present and future.
 * Query and Mutation themselves are exempt (each subgraph contributes to them, and differing descriptions make
 * composition hint); their fields are not.
 */
const schema = buildASTSchema(parse(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});
const federationInternal = (name: string) =>
  name.startsWith('join__') || name.startsWith('link__') || name.startsWith('__');

describe('the supergraph API', () => {
  it('describes every type, field, argument, enum value and input field', () => {
    const missing: string[] = [];
    const need = (description: string | null | undefined, where: string) => {
      if (!description?.trim()) missing.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (federationInternal(type.name) || isSpecifiedScalarType(type)) continue;
      const root = type === schema.getQueryType() || type === schema.getMutationType();
      if (!root) need(type.description, type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(field.description, `${type.name}.${field.name}`);
          for (const arg of field.args) need(arg.description, `${type.name}.${field.name}(${arg.name})`);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) need(field.description, `${type.name}.${field.name}`);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) need(value.description, `${type.name}.${value.name}`);
      } else if (!isScalarType(type) && !isUnionType(type)) {
        missing.push(`${String(type)} (unexpected kind)`);
      }
    }
    expect(missing).toEqual([]);
  });
});
