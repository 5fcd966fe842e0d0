import { buildSchema } from 'graphql';
import { errorCodesPlugin, userErrorEnums } from '../scripts/codegen-error-codes';

/** The codegen plugin behind each subgraph's `src/__generated__/error-codes.ts`, on a schema of its own. */
const schema = buildSchema(`
  "Why a gift card change was refused."
  enum GiftCardErrorCode { INVALID NOT_FOUND }
  enum LedgerErrorCode { INVALID UNBALANCED }
  "Not a userErrors code: ignored."
  enum GiftCardStatus { ACTIVE SPENT }
  type GiftCardUserError { code: GiftCardErrorCode! field: [String!] message: String! }
  type LedgerUserError { code: LedgerErrorCode! field: [String!] message: String! }
  type GiftCard { id: ID! status: GiftCardStatus! }
  type GiftCardCreatePayload { giftCard: GiftCard userErrors: [GiftCardUserError!]! }
  type LedgerPostPayload { userErrors: [LedgerUserError!]! }
  type Query { giftCard(id: ID!): GiftCard }
  type Mutation { giftCardCreate: GiftCardCreatePayload! ledgerPost: LedgerPostPayload! }
`);

describe('error codes generated from the SDL', () => {
  it("takes every enum a payload's userErrors answer with, and no other", () => {
    expect(userErrorEnums(schema).map((e) => e.name)).toEqual(['GiftCardErrorCode', 'LedgerErrorCode']);
  });

  it('writes each as a list of its values, with the union, UserError and Result types over it', () => {
    const output = errorCodesPlugin.plugin(schema);
    expect(output).toContain("import type { Result, UserError } from '@shop/core';");
    expect(output).toContain(
      "/** The SDL's `GiftCardErrorCode`, value for value. Why a gift card change was refused. */\n" +
        "export const GIFT_CARD_ERROR_CODES = [\n  'INVALID',\n  'NOT_FOUND',\n] as const;\n" +
        'export type GiftCardErrorCode = (typeof GIFT_CARD_ERROR_CODES)[number];\n' +
        'export type GiftCardUserError = UserError<GiftCardErrorCode>;\n' +
        'export type GiftCardResult<T> = Result<T, GiftCardErrorCode>;',
    );
    expect(output).toContain('export const LEDGER_ERROR_CODES = [');
    expect(output).not.toContain('ACTIVE');
  });

  it('writes nothing for a schema without userErrors', () => {
    expect(errorCodesPlugin.plugin(buildSchema('type Query { ok: Boolean }'))).toBe('');
  });
});
