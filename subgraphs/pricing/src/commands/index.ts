import type { CommandHandlers } from '@shop/bus';
import type { PricingDeps } from '../domain/deps';
import { quote } from '../domain/quote';
import { redeemForCheckout, unredeemForCheckout } from '../domain/redeem-discount-codes';

/** Answers `cmd.pricing.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: PricingDeps): CommandHandlers => ({
  'pricing.quote': (request) => quote(deps, request),
  'pricing.redeem': (request) => redeemForCheckout(deps, request),
  'pricing.unredeem': (request) => unredeemForCheckout(deps, request),
});
