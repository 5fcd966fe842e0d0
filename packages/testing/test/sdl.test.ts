import { parse } from 'graphql';
import { undocumentedDefinitions } from '../src/sdl';

describe('undocumentedDefinitions', () => {
  const sdl = parse(`
    type Query { "Described." a(x: Int): Thing b: Int }
    type Product { id: ID! "Described." price: Int notDescribed: Int }
    "A thing." type Thing { "Yes." id: ID! name(upper: Boolean): String }
    enum Colour { "Red." RED BLUE }
    input Filter { "Described." q: String n: Int }
  `);

  it('lists every type, field, argument, enum value and input field without a description, exempting Query and Mutation', () => {
    expect(undocumentedDefinitions(sdl).sort()).toEqual(
      [
        'Colour',
        'Colour.BLUE',
        'Filter',
        'Filter.n',
        'Product',
        'Product.id',
        'Product.notDescribed',
        'Query.a.x',
        'Query.b',
        'Thing.name',
        'Thing.name.upper',
      ].sort(),
    );
  });

  it('leaves a foreign entity and its id to their owner, but not the fields this subgraph adds', () => {
    expect(undocumentedDefinitions(sdl, { foreignEntities: ['Product'] })).toContain('Product.notDescribed');
    expect(undocumentedDefinitions(sdl, { foreignEntities: ['Product'] })).not.toContain('Product.id');
    expect(undocumentedDefinitions(sdl, { foreignEntities: ['Product'] })).not.toContain('Product');
  });
});
