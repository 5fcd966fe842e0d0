import { z } from 'zod';
import { inputPath, ok, userErrorsOf } from '../src';

const { userError, refuse, isErrorCode, parseInput, useCase, useCaseWithoutCaller } = userErrorsOf(
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

  it('runs a use case with its parsed input, or answers the input’s userErrors without running it', async () => {
    const schema = z.object({ name: z.string().trim().min(1, 'Enter a name.') });
    const calls: string[] = [];
    const rename = useCase(schema, async (deps: { prefix: string }, caller: { id: string }, input) => {
      calls.push(`${caller.id}:${input.name}`);
      return input.name === 'taken' ? refuse('TAKEN', 'Taken.', ['name']) : ok(`${deps.prefix}${input.name}`);
    });
    expect(await rename({ prefix: 'p-' }, { id: 'a' }, { name: '  mug ' })).toEqual({ ok: true, value: 'p-mug' });
    expect(await rename({ prefix: 'p-' }, { id: 'a' }, { name: 'taken' })).toEqual({
      ok: false,
      errors: [{ code: 'TAKEN', message: 'Taken.', field: ['input', 'name'] }],
    });
    expect(await rename({ prefix: 'p-' }, { id: 'b' }, { name: ' ' })).toEqual({
      ok: false,
      errors: [{ code: 'INVALID', message: 'Enter a name.', field: ['input', 'name'] }],
    });
    expect(calls).toEqual(['a:mug', 'a:taken']);

    const count = useCaseWithoutCaller(schema, async (deps: { seen: string[] }, input) => {
      deps.seen.push(input.name);
      return ok(deps.seen.length);
    });
    const seen: string[] = [];
    expect(await count({ seen }, { name: 'cup ' })).toEqual({ ok: true, value: 1 });
    expect(await count({ seen }, { name: '' })).toMatchObject({ ok: false, errors: [{ code: 'INVALID' }] });
    expect(seen).toEqual(['cup']);
  });
});
