import { takeWithoutAck } from '@shop/testing';

/**
 * A replica of a service that crash-loops before its handler runs: it binds to the service's durable, takes one
 * delivery, prints it as one JSON line and then waits to be killed (kill -9) without answering it.
 * Usage: node --import tsx test/faults/support/crashing-replica.ts (EVENTS_STREAM, DURABLE, NATS_URL from the env).
 */
async function main(): Promise<void> {
  const stream = process.env.EVENTS_STREAM;
  const durable = process.env.DURABLE;
  if (!stream || !durable) throw new Error('EVENTS_STREAM and DURABLE are required');
  const got = await takeWithoutAck(stream, durable, {
    url: process.env.NATS_URL,
    expiresMs: Number(process.env.EXPIRES_MS ?? 90_000),
  });
  process.stdout.write(`${JSON.stringify({ took: got })}\n`);
  // Hold the delivery until killed.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
