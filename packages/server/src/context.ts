import type { Logger } from '@shop/core';
import type { Identity } from './identity';

/** What every resolver receives; subgraphs extend it with their loaders and use cases. */
export interface BaseContext {
  requestId: string;
  identity: Identity;
  /** The caller's IP and user agent, as the gateway forwarded them (null when unknown). */
  clientIp: string | null;
  userAgent: string | null;
  logger: Logger;
}
