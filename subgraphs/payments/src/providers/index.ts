import type { Providers } from '../domain/deps';
import { createStripeProvider } from './stripe-provider';
import { createTestProvider } from './test-provider';
import type { PaymentProvider } from './types';

/** A set of providers: new intents go to `current`; later calls to the one that made the intent. */
export function providersOf(list: readonly PaymentProvider[], current = list[0]!.name): Providers {
  const byName = new Map(list.map((p) => [p.name, p]));
  const chosen = byName.get(current);
  if (!chosen) throw new Error(`Unknown payment provider: ${current}`);
  return {
    current: chosen,
    all: list,
    named(name) {
      const provider = byName.get(name);
      if (!provider) throw new Error(`Unknown payment provider: ${name}`);
      return provider;
    },
  };
}

/**
 * The providers configured in the environment: the deterministic test provider always (its webhooks only with
 * PAYMENTS_TEST_WEBHOOK_SECRET), the Stripe-shaped one with PAYMENTS_STRIPE_API_URL and PAYMENTS_STRIPE_API_KEY
 * (webhooks with PAYMENTS_STRIPE_WEBHOOK_SECRET). PAYMENTS_PROVIDER picks the one new payments use (default test).
 */
export function providersFromEnv(env: NodeJS.ProcessEnv = process.env): Providers {
  const list: PaymentProvider[] = [createTestProvider({ webhookSecret: env.PAYMENTS_TEST_WEBHOOK_SECRET || null })];
  if (env.PAYMENTS_STRIPE_API_URL && env.PAYMENTS_STRIPE_API_KEY)
    list.push(
      createStripeProvider({
        baseUrl: env.PAYMENTS_STRIPE_API_URL,
        apiKey: env.PAYMENTS_STRIPE_API_KEY,
        webhookSecret: env.PAYMENTS_STRIPE_WEBHOOK_SECRET || null,
      }),
    );
  return providersOf(list, env.PAYMENTS_PROVIDER || 'test');
}
