import type { ServiceBus } from '@shop/bus';
import type { PlatformDeps } from '@shop/server';
import type { Clock } from './clock';
import type { PasswordHasher } from './passwords';
import type { SecretBox } from './secrets';
import type { AuthSettings } from './settings';
import type { SigningKeys } from './signing-keys';

/** What auth's use cases need from the platform and from start-up (keys, hasher, settings). */
export interface AuthDeps extends PlatformDeps {
  settings: AuthSettings;
  clock: Clock;
  passwords: PasswordHasher;
  /** Encrypts TOTP secrets (and, inside SigningKeys, private keys) at rest. */
  secrets: SecretBox;
  keys: SigningKeys;
  /** For commands to other subgraphs (the sweep asks users which pending registrations completed). */
  bus: Pick<ServiceBus, 'call'>;
}

/** Who is calling, from the access token, plus where from. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}
