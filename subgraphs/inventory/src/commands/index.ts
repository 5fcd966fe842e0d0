import type { CommandHandlers } from '@shop/bus';
import type { InventoryDeps } from '../domain/deps';
import { commitReservation } from '../domain/commit-reservation';
import { releaseReservation } from '../domain/release-reservation';
import { reserveStock } from '../domain/reserve-stock';

/** Answers `cmd.inventory.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: InventoryDeps): CommandHandlers => ({
  'inventory.reserve': (request) => reserveStock(deps, request),
  'inventory.commit': (request) => commitReservation(deps, request),
  'inventory.release': (request) => releaseReservation(deps, request),
});
