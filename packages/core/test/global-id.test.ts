import { fromGlobalId, toGlobalId, uuidOfGlobalId } from '../src/global-id';

const uuid = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';

describe('global IDs', () => {
  it('round-trip a type name and a UUID through an opaque base64url string', () => {
    const id = toGlobalId('Product', uuid);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id).not.toContain(uuid);
    expect(Buffer.from(id, 'base64url').toString()).toBe(`Product:${uuid}`);
    expect(fromGlobalId(id)).toEqual({ typeName: 'Product', id: uuid });
    expect(uuidOfGlobalId(id, 'Product')).toBe(uuid);
  });

  it('encode an upper-case UUID as its canonical lower-case form', () => {
    expect(toGlobalId('User', uuid.toUpperCase())).toBe(toGlobalId('User', uuid));
  });

  it('refuse to encode what is not a UUID or not a type name (a bug, not input)', () => {
    expect(() => toGlobalId('Product', 'abc')).toThrow(/not a UUID/);
    expect(() => toGlobalId('product', uuid)).toThrow(/type name/);
    expect(() => toGlobalId('Pro:duct', uuid)).toThrow(/type name/);
  });

  it('answer null for the wrong type', () => {
    expect(uuidOfGlobalId(toGlobalId('ProductVariant', uuid), 'Product')).toBeNull();
  });

  const raw = (text: string) => Buffer.from(text).toString('base64url');
  const malformed: Array<[string, unknown]> = [
    ['empty', ''],
    ['not a string', 42],
    ['null', null],
    ['a raw UUID', uuid],
    ['not base64', 'Product:' + uuid],
    ['base64 with padding', Buffer.from(`User:${uuid}`).toString('base64')],
    ['standard base64 alphabet', Buffer.from(`Product:${uuid}>>?`).toString('base64').replace(/=+$/, '')],
    ['padding appended to a valid id', `${toGlobalId('Product', uuid)}==`],
    [
      'non-canonical trailing bits',
      toGlobalId('Product', uuid).replace(/.$/, (c) => String.fromCharCode(c.charCodeAt(0) + 1)),
    ],
    ['no colon', raw(`Product${uuid}`)],
    ['no type', raw(`:${uuid}`)],
    ['a lower-case type', raw(`product:${uuid}`)],
    ['not a UUID', raw('Product:123')],
    ['an upper-case UUID', raw(`Product:${uuid.toUpperCase()}`)],
    ['a UUID with trailing text', raw(`Product:${uuid}x`)],
    ['two colons', raw(`Product:${uuid}:x`)],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x3a]).toString('base64url')],
    ['a huge string', 'A'.repeat(1_000_000)],
  ];
  it.each(malformed)('decode %s as null', (_what, value) => {
    expect(fromGlobalId(value)).toBeNull();
  });
});
