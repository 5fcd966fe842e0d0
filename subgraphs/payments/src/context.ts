import { ownerViewerOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { paymentsConfigFromEnv } from './config';
import { createLoaders, type Loaders } from './db/loaders';
import type { PaymentsDeps, Providers } from './domain/deps';
import { paymentUseCases, type PaymentUseCases } from './domain/payments';
import type { Viewer } from './domain/viewer';
import { PAYMENTS_MANAGE } from './permissions';
import { providersFromEnv } from './providers';

/** What every payments resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  payments: PaymentUseCases;
}

let processProviders: Providers | undefined;

/** This process's providers, made once (the test provider unless another is configured). */
const providers = (): Providers => (processProviders ??= providersFromEnv());

export const paymentsDepsOf = (deps: SubgraphDeps): PaymentsDeps => ({
  ...platformDepsOf(deps),
  providers: providers(),
  config: paymentsConfigFromEnv(),
});

export const viewerOf = (identity: Identity): Viewer => ownerViewerOf(identity, PAYMENTS_MANAGE);

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const payments = paymentUseCases({ ...paymentsDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, payments };
}
