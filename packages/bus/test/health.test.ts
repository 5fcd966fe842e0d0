import { createLogger } from '@shop/core';
import { testBusNaming, TEST_NATS_URL } from '../../testing/src';
import { connectJetStreamBus } from '../src/jetstream-transport';
import { createInProcessBus } from '../src/in-process-transport';

/** What a subgraph's /readyz reads from its bus: connected until closed, without a round trip. */
const logger = createLogger('bus-health', 'silent');

describe('bus health', () => {
  it('reports the JetStream transport connected, then closed once closed', async () => {
    const naming = testBusNaming('health');
    const bus = await connectJetStreamBus({ url: TEST_NATS_URL, naming, logger, connectAttempts: 3 });
    try {
      expect(bus.health()).toEqual({ ok: true, state: 'connected' });
      const closing = bus.close();
      // Draining already takes no new work.
      expect(bus.health()).toEqual({ ok: false, state: 'closed' });
      await closing;
      expect(bus.health()).toEqual({ ok: false, state: 'closed' });
    } finally {
      await bus.close();
      await naming.cleanup();
    }
  });

  it('reports the in-process transport connected, then closed once closed', async () => {
    const bus = createInProcessBus({ logger });
    expect(bus.health()).toEqual({ ok: true, state: 'connected' });
    await bus.close();
    expect(bus.health()).toEqual({ ok: false, state: 'closed' });
  });
});
