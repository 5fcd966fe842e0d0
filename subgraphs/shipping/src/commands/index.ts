import type { CommandHandlers } from '@shop/bus';
import type { ShippingDeps } from '../domain/deps';
import { quote } from '../domain/quote';

/** Answers `cmd.shipping.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: ShippingDeps): CommandHandlers => ({
  'shipping.quote': (request) => quote(deps.db, request),
});
