import { identityHasPermission, type BaseContext, type Identity, type SubgraphDeps } from '@shop/server';
import type { Actor } from '@shop/events';
import { paymentsConfigFromEnv } from './config';
import { createLoaders, type Loaders } from './db/loaders';
import type { PaymentsDeps, Providers } from './domain/deps';
import { paymentUseCases, type PaymentUseCases } from './domain/payments';
import type { Viewer } from './domain/viewer';
import { PAYMENTS_MANAGE } from './permissions';
import { providersFromEnv } from './providers';

/** What every payments resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
  /** The use cases, bound to this request's viewer and loaders. */
  payments: PaymentUseCases;
}

let processProviders: Providers | undefined;

/** This process's providers, made once (the test provider unless another is configured). */
const providers = (): Providers => (processProviders ??= providersFromEnv());

export const paymentsDepsOf = (deps: SubgraphDeps): PaymentsDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
  providers: providers(),
  config: paymentsConfigFromEnv(),
});

function actorOf(identity: Identity): Actor | null {
  if (identity.kind !== 'user') return null;
  return { kind: identity.staff ? 'staff' : 'user', id: identity.userId };
}

export function viewerOf(identity: Identity): Viewer {
  return {
    userId: identity.kind === 'user' ? identity.userId : null,
    manager: identityHasPermission(identity, PAYMENTS_MANAGE),
    actor: actorOf(identity),
  };
}

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const payments = paymentUseCases({ ...paymentsDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, payments };
}
