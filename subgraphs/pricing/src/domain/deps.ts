import type { PlatformDeps } from '@shop/server';
import type { PricingSettings } from './settings';

/** What pricing's use cases need from the platform. */
export interface PricingDeps extends PlatformDeps {
  settings: PricingSettings;
}
