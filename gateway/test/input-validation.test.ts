import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, buildSchema, parse } from 'graphql';
import { scalarsWithoutImplementation } from '../src/input-validation';

/**
 * The gateway validates custom scalars with the subgraphs' implementations. A scalar added to a subgraph but not
 * to INPUT_SCALARS would be accepted as anything at the gateway and refused by the subgraph as an HTTP 400.
 */
describe("the gateway's input scalars", () => {
  it('implement every custom scalar of the composed supergraph', () => {
    const supergraph = buildASTSchema(
      parse(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')),
      { assumeValidSDL: true },
    );
    expect(scalarsWithoutImplementation(supergraph)).toEqual([]);
  });

  it('notice a scalar that has no implementation', () => {
    expect(
      scalarsWithoutImplementation(
        buildSchema('scalar Decimal scalar Percentage type Query { a(p: Percentage, d: Decimal): Int }'),
      ),
    ).toEqual(['Percentage']);
  });
});
