import { createHash } from 'node:crypto';
import type { AuthorizeOutcome, PaymentProvider, ProviderResult } from './types';

/**
 * The deterministic test provider: the token alone decides the outcome.
 * - `test-card-ok`: authorized.
 * - `test-card-declined`: DECLINED; `test-card-insufficient-funds`: INSUFFICIENT_FUNDS.
 * - `test-card-3ds`: REQUIRES_ACTION (3-D Secure); `completeAction` then authorizes.
 * - `test-card-timeout`: never answers (payments gives up after its bound).
 * - `test-card-dispute`: authorized like `test-card-ok`; the provider later opens a dispute on it.
 * - anything else: DECLINED with INVALID.
 * References encode the token's behaviour (`tp_<kind>_<hash>`), so the provider keeps no state and the same
 * idempotency key always gives the same reference.
 */
export const TEST_TOKENS = [
  'test-card-ok',
  'test-card-declined',
  'test-card-insufficient-funds',
  'test-card-3ds',
  'test-card-timeout',
  'test-card-dispute',
] as const;

const referenceOf = (kind: string, key: string): string =>
  `tp_${kind}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/** The kind a test reference was made for (`ok`, `3ds`, `dispute`), or null. */
export const testReferenceKind = (reference: string): string | null => /^tp_([a-z0-9]+)_/.exec(reference)?.[1] ?? null;

export function createTestProvider(options: { webhookSecret?: string | null } = {}): PaymentProvider {
  const done = (reference: string | null = null): Promise<ProviderResult> => Promise.resolve({ ok: true, reference });
  const webhookSecret = options.webhookSecret ?? null;
  return {
    name: 'test',
    webhook: webhookSecret ? { header: 'payments-signature', secret: webhookSecret } : null,
    authorize({ token, idempotencyKey, intentId }): Promise<AuthorizeOutcome> {
      switch (token) {
        case 'test-card-ok':
          return Promise.resolve({ outcome: 'AUTHORIZED', reference: referenceOf('ok', idempotencyKey) });
        case 'test-card-dispute':
          return Promise.resolve({ outcome: 'AUTHORIZED', reference: referenceOf('dispute', idempotencyKey) });
        case 'test-card-3ds':
          return Promise.resolve({
            outcome: 'REQUIRES_ACTION',
            reference: referenceOf('3ds', idempotencyKey),
            actionUrl: `https://test-provider.invalid/3ds/${intentId}`,
          });
        case 'test-card-declined':
          return Promise.resolve({
            outcome: 'DECLINED',
            code: 'DECLINED',
            message: 'The card was declined.',
            reference: null,
          });
        case 'test-card-insufficient-funds':
          return Promise.resolve({
            outcome: 'DECLINED',
            code: 'INSUFFICIENT_FUNDS',
            message: 'The card has insufficient funds.',
            reference: null,
          });
        case 'test-card-timeout':
          // Never settles: the caller's bound ends the wait.
          return new Promise<AuthorizeOutcome>(() => undefined);
        default:
          return Promise.resolve({
            outcome: 'DECLINED',
            code: 'INVALID',
            message: 'The payment method is not valid.',
            reference: null,
          });
      }
    },
    completeAction({ reference }) {
      if (testReferenceKind(reference) !== '3ds')
        return Promise.resolve({ outcome: 'DECLINED', code: 'INVALID', message: 'No action is pending.', reference });
      return Promise.resolve({ outcome: 'AUTHORIZED', reference });
    },
    capture: () => done(),
    void: () => done(),
    refund: ({ idempotencyKey }) => done(referenceOf('refund', idempotencyKey)),
  };
}
