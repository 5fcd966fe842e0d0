import { z } from 'zod';
import { inputPath, userErrorsOf } from '../src';

const { userError, refuse, isErrorCode, parseInput } = userErrorsOf(
  ['INVALID', 'NOT_FOUND', 'TAKEN'] as const,
  'INVALID',
);

describe('a domain’s user errors', () => {
  it('points an error at a field of the mutation’s input, or at the whole input', () => {
    expect(userError('INVALID', 'SKU is required.', ['variants', 2, 'sku'])).toEqual({
      code: 'INVALID',
      message: 'SKU is required.',
      field: ['input', 'variants', '2', 'sku'],
    });
    expect(userError('NOT_FOUND', 'There is no such product.')).toEqual({
      code: 'NOT_FOUND',
      message: 'There is no such product.',
      field: null,
    });
    expect(inputPath('id')).toEqual(['input', 'id']);
  });

  it('refuses with a failed result holding that one error', () => {
    expect(refuse('NOT_FOUND', 'No such rate.', ['id'])).toEqual({
      ok: false,
      errors: [{ code: 'NOT_FOUND', message: 'No such rate.', field: ['input', 'id'] }],
    });
  });

  it('recognises only the domain’s own codes', () => {
    expect(['INVALID', 'NOT_FOUND', 'SKU_TAKEN', 3, null].map(isErrorCode)).toEqual([true, true, false, false, false]);
  });

  it('turns a schema’s issues into userErrors: INVALID, or the domain code a check names', () => {
    const schema = z.object({
      name: z.string().min(1, 'Enter a name.'),
      slug: z.string().refine((v) => v !== 'taken', { message: 'That slug is taken.', params: { code: 'TAKEN' } }),
      sku: z.string().refine((v) => v !== 'x', { message: 'Not a SKU.', params: { code: 'NOT_A_DOMAIN_CODE' } }),
    });
    expect(parseInput(schema, { name: 'Mug', slug: 'mug', sku: 'm-1' })).toEqual({
      ok: true,
      value: { name: 'Mug', slug: 'mug', sku: 'm-1' },
    });
    expect(parseInput(schema, { name: '', slug: 'taken', sku: 'x' })).toEqual({
      ok: false,
      errors: [
        { code: 'INVALID', message: 'Enter a name.', field: ['input', 'name'] },
        { code: 'TAKEN', message: 'That slug is taken.', field: ['input', 'slug'] },
        { code: 'INVALID', message: 'Not a SKU.', field: ['input', 'sku'] },
      ],
    });
  });
});
