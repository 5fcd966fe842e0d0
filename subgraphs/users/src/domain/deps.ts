import type { ServiceBus } from '@shop/bus';
import type { PlatformDeps } from '@shop/server';

/** Calls another service's command over the bus (auth.createCredential, auth.verifyPassword, ...). */
export type CommandCaller = Pick<ServiceBus, 'call'>;

export interface RegistrationOptions {
  /** How long to wait for auth to answer a command before giving up (and compensating). */
  commandTimeoutMs: number;
  /**
   * A registration still pending after this long is abandoned and compensated by the sweeper (its process
   * crashed between the steps); from then on it no longer holds its email. Far longer than `commandTimeoutMs`,
   * so a registration that is still running is never swept.
   */
  staleAfterMs: number;
}

export const DEFAULT_REGISTRATION_OPTIONS: RegistrationOptions = {
  commandTimeoutMs: 5_000,
  staleAfterMs: 5 * 60_000,
};

/** What the users use cases need from the platform: the database, the outbox and auth's commands. */
export interface UsersDeps extends PlatformDeps {
  commands: CommandCaller;
  registration: RegistrationOptions;
}
