import { coveringFilter, matchesAny, subjectMatches } from '../src/subjects';

describe('subject matching (both transports filter with it)', () => {
  test.each([
    ['events.products.product.created', 'events.products.product.created', true],
    ['events.products.product.created', 'events.products.product.updated', false],
    ['events.products.>', 'events.products.product.created', true],
    ['events.products.>', 'events.products', false],
    ['events.*.product.created', 'events.products.product.created', true],
    ['events.*.product.created', 'events.products.variant.created', false],
    ['events.*', 'events.products.product', false],
    ['>', 'anything.at.all', true],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  test('matchesAny', () => {
    expect(matchesAny(['a.b', 'c.>'], 'c.d.e')).toBe(true);
    expect(matchesAny(['a.b', 'c.>'], 'a.c')).toBe(false);
  });

  test.each([
    [['events.products.product.created'], 'events.products.product.created'],
    [['events.products.product.created', 'events.products.product.created'], 'events.products.product.created'],
    [['events.products.product.created', 'events.products.variant.created'], 'events.products.>'],
    [['events.products.product.created', 'events.orders.order.placed'], 'events.>'],
    [['events.products.product.created', 'events.products'], 'events.>'],
    [['events.*.product.created', 'events.products.product.updated'], 'events.>'],
    [['a.b', 'c.d'], '>'],
  ])('the covering filter of %j is %s', (filters, expected) => {
    const covering = coveringFilter(filters);
    expect(covering).toBe(expected);
    for (const f of filters) if (!f.includes('*')) expect(subjectMatches(covering, f)).toBe(true);
  });
});
