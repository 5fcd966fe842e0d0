import { createLogger } from '@shop/core';
import {
  connectJetStreamBus,
  consumerRegistration,
  replayOutbox,
  replayPrefixOf,
  stillInStreamFromLag,
  type Bus,
} from '@shop/bus';
import { databaseUrlVariable } from '@shop/topology';
import {
  busOpsConfig,
  checkError,
  exitCodeFor,
  flag,
  isSubgraph,
  option,
  producersOf,
  rejectUnknown,
  schemaPool,
  seconds,
  UsageError,
  exitAfterOutput,
} from './bus-ops';

/**
 * `pnpm bus:replay --consumer <service> [--producer <service>] [--since <ISO time>] [--all] [--dry-run]`
 * Republishes, from the producers' outboxes, the events a consumer never received and the stream no longer holds
 * (a consumer offline longer than the stream's max age), to that consumer alone (`<prefix>_replay.<durable>.…`).
 * `--all` replays every event of the consumer's types in the window, applied or not (its inbox makes those
 * no-ops). Prints counts per producer and type, never payloads. Exit 0 when done, 1 when a publish failed
 * (rerunning is harmless), 2 when refused.
 */

const usage =
  'usage: pnpm bus:replay --consumer <service> [--producer <service>] [--since <ISO time>] [--all] [--dry-run] [--durable <name>] [--settle <seconds>]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  rejectUnknown(args, { options: ['consumer', 'producer', 'since', 'durable', 'settle'], flags: ['all', 'dry-run'] });
  const service = option(args, 'consumer');
  if (!service) throw new UsageError('--consumer <service> is required');
  if (!isSubgraph(service)) throw new UsageError(`unknown service ${JSON.stringify(service)}`);
  const producerArg = option(args, 'producer');
  if (producerArg !== undefined && !isSubgraph(producerArg))
    throw new UsageError(`unknown service ${JSON.stringify(producerArg)}`);
  const sinceArg = option(args, 'since');
  const since = sinceArg === undefined ? undefined : new Date(sinceArg);
  if (since && (Number.isNaN(since.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(sinceArg ?? '')))
    throw new UsageError(`--since ${JSON.stringify(sinceArg)} is not an ISO time (e.g. 2026-11-20T00:00:00Z)`);
  const all = flag(args, 'all');
  const dryRun = flag(args, 'dry-run');
  // Unlike the status probe, a replay need not wait for events to settle: one still in flight reaches the consumer
  // twice, and its inbox applies it once.
  const settleMs = seconds(args, 'settle', 0) * 1000;
  const durable = option(args, 'durable') ?? service;

  const config = busOpsConfig();
  if (!config.databases.has(service))
    throw new UsageError(`no database configured for ${service}: set DATABASE_URL or ${databaseUrlVariable(service)}`);
  const logger = createLogger('bus-replay', process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const pool = schemaPool(config, logger);
  let bus: Bus | undefined;
  try {
    const consumer = await pool.get(service);
    const registration = await consumerRegistration(consumer, durable);
    if (!registration) {
      throw new UsageError(
        `${service} has no consumer ${durable} in ${service}.consumers: it registers when the service starts consuming (start it once first)`,
      );
    }
    const producers = producerArg ? [producerArg] : producersOf(registration.types);
    if (producerArg && !producersOf(registration.types).includes(producerArg)) {
      throw new UsageError(
        `${durable} applies no event of ${producerArg} (it applies ${registration.types.join(', ') || 'nothing'})`,
      );
    }
    const missing = producers.filter((p) => !config.databases.has(p));
    if (missing.length > 0)
      throw new UsageError(
        `no database configured for ${missing.join(', ')}: set DATABASE_URL or ${missing.map(databaseUrlVariable).join(' / ')}`,
      );

    // The transport alone; ensureStream() (like any process start) makes sure the stream takes replay subjects.
    bus = await connectJetStreamBus({ url: config.natsUrl, naming: config.naming, logger, connectAttempts: 2 });
    if (!dryRun) await bus.events.ensureStream();
    const lag = all ? null : await bus.events.consumerLag(durable);
    // Without --all, events the stream still holds are left to it: the consumer receives them when it runs.
    const stillInStreamFrom = stillInStreamFromLag(lag);

    const result = await replayOutbox({
      bus,
      consumer: { ...consumer, durable },
      producers: await Promise.all(producers.map((p) => pool.get(p))),
      types: registration.types,
      since,
      settleMs,
      includeApplied: all,
      stillInStreamFrom,
      dryRun,
    });
    const out: string[] = [];
    const what = all ? 'events of its types' : 'events it never received';
    out.push(
      `${dryRun ? 'Would replay' : 'Replaying'} to ${durable} (${service}) on ${replayPrefixOf(config.naming)}.${durable}.>: ${result.report.total} ${what}`,
    );
    if (stillInStreamFrom)
      out.push(
        `  (events published after ${stillInStreamFrom.toISOString()} are still in the stream and are left to it)`,
      );
    for (const p of result.report.producers) {
      out.push(
        `  from ${p.producer} (created ${p.from.toISOString()} .. ${p.to.toISOString()}; ${p.scanned} outbox rows of its types): ${p.gaps}`,
      );
      for (const [type, n] of Object.entries(p.byType).sort()) out.push(`    ${type}: ${n}`);
    }
    if (!dryRun) {
      out.push(`Replayed ${result.published} event(s), run ${result.runId}.`);
      if (result.skipped.length > 0)
        out.push(
          `Skipped ${result.skipped.length} row(s) whose stored envelope is invalid: ${result.skipped.map((s) => `${s.producer}/${s.id}`).join(', ')}`,
        );
      if (result.published > 0) out.push(`The consumer applies them when it runs; check with pnpm bus:status.`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await bus?.close();
    await pool.close();
  }
}

main().then(
  () => exitAfterOutput(0),
  (error: unknown) => {
    const code = exitCodeFor(error);
    process.stderr.write(
      `${code === 2 ? 'refused: ' : 'replay failed (rerunning is harmless): '}${checkError(error)}\n`,
    );
    if (code === 2) process.stderr.write(`${usage}\n`);
    process.exit(code);
  },
);
