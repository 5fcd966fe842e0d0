import { inputPath, userErrorsOf } from '../src';

const { userError, refuse, isErrorCode } = userErrorsOf(['INVALID', 'NOT_FOUND'] as const);

describe('a domain’s user errors', () => {
  it('points an error at a field of the mutation’s input, or at the whole input', () => {
    expect(userError('INVALID', 'SKU is required.', ['variants', 2, 'sku'])).toEqual({
      code: 'INVALID',
      message: 'SKU is required.',
      field: ['input', 'variants', '2', 'sku'],
    });
    expect(userError('NOT_FOUND', 'There is no such product.')).toEqual({ code: 'NOT_FOUND', message: 'There is no such product.', field: null });
    expect(inputPath('id')).toEqual(['input', 'id']);
  });

  it('refuses with a failed result holding that one error', () => {
    expect(refuse('NOT_FOUND', 'No such rate.', ['id'])).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND', message: 'No such rate.', field: ['input', 'id'] }] });
  });

  it('recognises only the domain’s own codes', () => {
    expect(['INVALID', 'NOT_FOUND', 'SKU_TAKEN', 3, null].map(isErrorCode)).toEqual([true, true, false, false, false]);
  });
});
