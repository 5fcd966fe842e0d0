import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { BusNaming } from '@shop/bus';

/**
 * Every test run gets its own database and its own stream and subject names, and removes them, so runs
 * never collide with each other or with a developer's running supergraph.
 */

export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export const runId = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const name = `test_${label.replace(/[^a-z0-9]/g, '')}_${runId()}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export interface TestBusNaming extends BusNaming {
  /** Deletes the run's stream. */
  cleanup(): Promise<void>;
}

export function testBusNaming(label = 't'): TestBusNaming {
  const id = `${label.replace(/[^a-zA-Z0-9]/g, '')}${runId()}`;
  const naming = {
    streamName: `TEST_${id.toUpperCase()}`,
    eventPrefix: `test.${id}.events`,
    commandPrefix: `test.${id}.cmd`,
  };
  return {
    ...naming,
    async cleanup() {
      const nc = await connect({ servers: TEST_NATS_URL });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(naming.streamName).catch(() => false);
      } finally {
        await nc.close();
      }
    },
  };
}
export * from './tokens';
export * from './sdl';
export * from './jetstream-probe';
export * from './graphql';
export * from './callers';
export * from './subgraph-harness';
export * from './supergraph-harness';
export * from './global-ids';
export * from './per-file';
export * from './stand-ins';
export * from './commerce-shop';
export * from './row-counts';
