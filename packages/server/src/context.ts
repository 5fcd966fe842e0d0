import type { Logger } from '@shop/core';
import type { Identity } from './identity';

/** What every resolver receives; subgraphs extend it with their loaders and use cases. */
export interface BaseContext {
  requestId: string;
  identity: Identity;
  logger: Logger;
}
