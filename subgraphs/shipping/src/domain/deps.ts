import type { PlatformDeps } from '@shop/server';
import type { ShippingSettings } from './settings';

/** What the shipping use cases need from the platform: the database, the outbox and the carriers. */
export interface ShippingDeps extends PlatformDeps {
  settings: ShippingSettings;
}
