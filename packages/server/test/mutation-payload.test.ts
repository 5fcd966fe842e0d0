import { fail, ok, type Result } from '@shop/core';
import { payload, type PayloadUserError } from '../src';

type Code = 'INVALID' | 'NOT_FOUND';

const refused: Result<never, Code> = fail('NOT_FOUND', 'There is no such product.', ['input', 'id']);
const refusedWithoutField: Result<never, Code> = fail('INVALID', 'Nothing to change.');
const notFound = { code: 'NOT_FOUND', field: ['input', 'id'], message: 'There is no such product.' };

describe('mutation payloads from use-case results', () => {
  it('puts the value under its key with no userErrors, or null with the errors', () => {
    expect(payload('product', ok({ id: 'p1' }))).toEqual({ product: { id: 'p1' }, userErrors: [] });
    expect(payload('product', refused)).toEqual({ product: null, userErrors: [notFound] });
  });

  it('maps the value when asked, and never calls the map for a refusal', () => {
    const map = jest.fn(({ userId }: { userId: string }) => ({ id: userId }));
    expect(payload('user', ok({ userId: 'u1' }), map)).toEqual({ user: { id: 'u1' }, userErrors: [] });
    expect(payload('user', refused as Result<{ userId: string }, Code>, map)).toEqual({
      user: null,
      userErrors: [notFound],
    });
    expect(map).toHaveBeenCalledTimes(1);
  });

  it('spreads a value of several fields, or the given failure fields with the errors', () => {
    const failed = { media: null, product: null };
    expect(payload(ok({ media: 'm1', product: 'p1' }), failed)).toEqual({ media: 'm1', product: 'p1', userErrors: [] });
    expect(payload(refused as Result<{ media: string; product: string }, Code>, failed)).toEqual({
      media: null,
      product: null,
      userErrors: [notFound],
    });
    expect(
      payload(ok({ userId: 'u1', codes: ['a'] }), { user: null }, (v: { userId: string }) => ({
        user: { id: v.userId },
      })),
    ).toEqual({
      user: { id: 'u1' },
      userErrors: [],
    });
  });

  it('answers a payload of nothing but userErrors', () => {
    expect(payload(ok({ accepted: true }))).toEqual({ userErrors: [] });
    expect(payload(refusedWithoutField)).toEqual({
      userErrors: [{ code: 'INVALID', field: null, message: 'Nothing to change.' }],
    });
  });

  it('copies only code, field and message into userErrors', () => {
    const withExtra = {
      ok: false as const,
      errors: [{ code: 'INVALID' as const, field: null, message: 'No.', internal: 'secret' }],
    };
    expect(payload('product', withExtra).userErrors).toEqual([{ code: 'INVALID', field: null, message: 'No.' }]);
  });
});

// Compile-time checks: `pnpm typecheck` fails when one of these stops holding. A resolver declares its payload type
// (the SDL's, generated), which is where the codes of a result meet the SDL's enum.
interface ProductPayload {
  product: { id: string } | null;
  userErrors: PayloadUserError<Code>[];
}
const refusedFits: ProductPayload = payload('product', refused as Result<{ id: string }, Code>);
// A result that cannot fail (Code inferred as never) fits any payload.
const neverFailsFits: ProductPayload = payload('product', ok({ id: 'p1' }));
// @ts-expect-error a result whose codes are not the SDL's does not fit the payload
const takenDoesNotFit: ProductPayload = payload('product', fail('TAKEN', 'Taken.'));
void [refusedFits, neverFailsFits, takenDoesNotFit];
