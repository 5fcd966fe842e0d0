import type { CommandHandlers, EventHandlers, ServiceBus } from '@shop/bus';
import { createLogger } from '@shop/core';
import { registerHandlers, type SubgraphDeps } from '../src';

/** What the platform asked the bus to do, in order (the bus itself is tested in packages/bus). */
function recordingDeps(): { deps: SubgraphDeps; calls: string[] } {
  const calls: string[] = [];
  const bus = {
    serve: async (name: string) => void calls.push(`serve ${name}`),
    consume: async (handlers: EventHandlers) => void calls.push(`consume ${Object.keys(handlers).join(',')}`),
  } as unknown as ServiceBus;
  const deps = {
    name: 'products',
    bus,
    logger: createLogger('register-handlers-test', 'silent'),
  } as unknown as SubgraphDeps;
  return { deps, calls };
}

const ping: CommandHandlers['products.ping'] = async (request) => ({ echo: request.echo, at: 'now' });

describe('registering a subgraph’s commands and consumers', () => {
  it('serves every declared command, then starts one consumer for all declared events', async () => {
    const { deps, calls } = recordingDeps();
    await registerHandlers(
      {
        name: 'products',
        commands: async () => ({ 'products.ping': ping, 'products.productsGet': async () => ({ products: [] }) }),
        consumers: () => ({ 'user.deleted': async () => undefined, 'order.placed': async () => undefined }),
      },
      deps,
    );
    expect(calls).toEqual(['serve products.ping', 'serve products.productsGet', 'consume user.deleted,order.placed']);
  });

  it('passes the subgraph’s deps to both factories', async () => {
    const { deps } = recordingDeps();
    const seen: SubgraphDeps[] = [];
    await registerHandlers(
      {
        name: 'products',
        commands: (given) => (seen.push(given), {}),
        consumers: (given) => (seen.push(given), {}),
      },
      deps,
    );
    expect(seen).toEqual([deps, deps]);
  });

  it('starts no consumer for a subgraph that consumes nothing', async () => {
    const { deps, calls } = recordingDeps();
    await registerHandlers(
      { name: 'products', commands: () => ({ 'products.ping': ping }), consumers: () => ({}) },
      deps,
    );
    await registerHandlers({ name: 'products' }, deps);
    expect(calls).toEqual(['serve products.ping']);
  });

  it('refuses to answer another subgraph’s commands, before serving any', async () => {
    const { deps, calls } = recordingDeps();
    const stolen = registerHandlers({ name: 'reviews', commands: () => ({ 'products.ping': ping }) }, deps);
    await expect(stolen).rejects.toThrow(
      'the reviews subgraph can only answer its own commands (reviews.*), not products.ping',
    );
    expect(calls).toEqual([]);
  });
});
