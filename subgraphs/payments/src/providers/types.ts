/**
 * What payments needs from a payment provider (card processor). Every call carries an idempotency key that the
 * provider must honour, so a retried call never charges twice. Amounts are minor units.
 */

/** Why a provider refused to authorize. */
export type ProviderDeclineCode = 'DECLINED' | 'INSUFFICIENT_FUNDS' | 'INVALID';

export type AuthorizeOutcome =
  | { outcome: 'AUTHORIZED'; reference: string }
  | { outcome: 'REQUIRES_ACTION'; reference: string; actionUrl: string }
  | { outcome: 'DECLINED'; code: ProviderDeclineCode; message: string; reference: string | null };

export type ProviderResult = { ok: true; reference: string | null } | { ok: false; message: string };

export interface AuthorizeRequest {
  /** Our intent id: what the provider's webhooks name us by. */
  intentId: string;
  amount: bigint;
  currency: string;
  /** The storefront's payment-method token; never logged or stored. */
  token: string;
  idempotencyKey: string;
}

export interface PaymentProvider {
  /** Stored on each intent, so webhooks and follow-up calls go to the provider that made it. */
  readonly name: string;
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  /** The customer finished the action (3-D Secure) that `authorize` asked for. */
  completeAction(request: { reference: string; idempotencyKey: string }): Promise<AuthorizeOutcome>;
  capture(request: {
    reference: string;
    amount: bigint;
    currency: string;
    idempotencyKey: string;
  }): Promise<ProviderResult>;
  void(request: { reference: string; idempotencyKey: string }): Promise<ProviderResult>;
  refund(request: {
    reference: string;
    amount: bigint;
    currency: string;
    idempotencyKey: string;
  }): Promise<ProviderResult>;
  /** How its webhooks are signed; null when webhooks from it are not accepted (no secret configured). */
  readonly webhook: { header: string; secret: string } | null;
}

/** The provider took longer than the configured bound (or never answered). */
export class ProviderTimeout extends Error {
  constructor(readonly afterMs: number) {
    super(`the payment provider did not answer within ${afterMs} ms`);
    this.name = 'ProviderTimeout';
  }
}

/** The provider could not be reached, or refused a call it should have taken (capture, void, refund). */
export class ProviderFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

/** Races a provider call against `ms`: a provider that never answers becomes a ProviderTimeout. */
export async function withTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeout(ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
