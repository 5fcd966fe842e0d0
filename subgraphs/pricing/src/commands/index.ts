import type { ServiceBus } from '@shop/bus';
import type { PricingDeps } from '../domain/deps';
import { quote } from '../domain/quote';

/** Answers `cmd.pricing.*`; the bus validates requests and replies against the command catalogue. */
export async function registerCommands(bus: ServiceBus, deps: PricingDeps): Promise<void> {
  await bus.serve('pricing.quote', (request) => quote(deps, request));
}
