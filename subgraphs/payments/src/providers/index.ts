import type { Providers } from '../domain/deps';
import { createTestProvider } from './test-provider';
import type { PaymentProvider } from './types';

/** The providers of this process: the deterministic test provider unless another is configured. */
export function providersOf(
  list: readonly PaymentProvider[] = [createTestProvider()],
  current = list[0]!.name,
): Providers {
  const byName = new Map(list.map((p) => [p.name, p]));
  const chosen = byName.get(current);
  if (!chosen) throw new Error(`Unknown payment provider: ${current}`);
  return {
    current: chosen,
    named(name) {
      const provider = byName.get(name);
      if (!provider) throw new Error(`Unknown payment provider: ${name}`);
      return provider;
    },
  };
}
