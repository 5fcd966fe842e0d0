import type { BaseContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type UserAuthLoaders } from './db/loaders';
import { createAuthApi, type AuthApi } from './domain/auth-api';
import { viewerOf, type Viewer } from './domain/viewer';
import type { AuthRuntime } from './runtime';

/** What every auth resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for the User fields. */
  loaders: UserAuthLoaders;
  /** The use cases, bound to this request's viewer, origin and loaders. */
  auth: AuthApi;
}

export function createContext(base: BaseContext, platform: SubgraphDeps, runtime: AuthRuntime): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(platform.database.db, runtime.clock, runtime.settings);
  const auth = createAuthApi(
    async () => ({ ...(await runtime.ready()), logger: base.logger }),
    viewer,
    { ip: base.clientIp, userAgent: base.userAgent },
    loaders,
  );
  return { ...base, viewer, loaders, auth };
}
