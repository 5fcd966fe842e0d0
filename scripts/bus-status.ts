import { createLogger, safeErrorText as errorMessage } from '@shop/core';
import {
  connectJetStreamBus,
  deadLetterCount,
  defaultRelayOptions,
  findOutboxGaps,
  outboxHealth,
  registeredConsumers,
  replayDurableOf,
  stillInStreamFromLag,
  type Bus,
  type ConsumerLag,
  type OutboxHealth,
} from '@shop/bus';
import { subgraphs } from '@shop/topology';
import {
  ago,
  busOpsConfig,
  checkError,
  schemaExists,
  describeNats,
  exitCodeFor,
  flag,
  producersOf,
  rejectUnknown,
  schemaPool,
  seconds,
  table,
  type BusOpsConfig,
  exitAfterOutput,
} from './bus-ops';

/**
 * `pnpm bus:status [--json] [--settle <seconds>]`: the event bus as an operator (or a cron probe) sees it. Per
 * subgraph with a database configured: its outbox backlog and parked rows; per consumer in its registry: the
 * JetStream lag and the events its producers' outboxes hold that it never got and the stream no longer has.
 * Exit 1 when any consumer lost events (stream gap or outbox gap), any outbox row is parked, or a check failed;
 * exit 2 when the command is misused or nothing is configured.
 */

const usage = 'usage: pnpm bus:status [--json] [--settle <seconds>]';

interface ProducerGapStatus {
  producer: string;
  /** Events the consumer lacks that only the outbox still has; null when this producer could not be checked. */
  gaps: number | null;
  byType: Record<string, number>;
  error?: string;
}

interface ConsumerStatus {
  durable: string;
  types: string[];
  startedAt: string;
  /** null: no such durable in the stream (never started on it, or deleted). */
  lag: (Omit<ConsumerLag, 'oldestAvailable'> & { oldestAvailable: string | null }) | null;
  /** Replayed events its replay durable (`<durable>_replay`) has not applied yet; null when there is none. */
  replayPending: number | null;
  deadLetters: number;
  producers: ProducerGapStatus[];
}

interface SubgraphStatus {
  name: string;
  database: string;
  error?: string;
  outbox?: Omit<OutboxHealth, 'parked'> & {
    parked: { id: string; type: string; attempts: number; lastError: string | null; parkedAt: string }[];
  };
  consumers: ConsumerStatus[];
}

interface StatusReport {
  ok: boolean;
  checkedAt: string;
  stream: string;
  nats: string;
  outboxRetentionDays: number;
  settleSeconds: number;
  subgraphs: SubgraphStatus[];
  /** Not configured here, so not checked. */
  skipped: string[];
  /** Configured, but their schema does not exist in that database: not deployed there (or never started). */
  notStarted: string[];
  problems: string[];
}

async function collect(
  config: BusOpsConfig,
  bus: Bus,
  settleMs: number,
  logger: ReturnType<typeof createLogger>,
): Promise<StatusReport> {
  const pool = schemaPool(config, logger);
  const report: StatusReport = {
    ok: true,
    checkedAt: new Date().toISOString(),
    stream: config.naming.streamName,
    nats: describeNats(config),
    outboxRetentionDays: defaultRelayOptions.retentionMs / 86_400_000,
    settleSeconds: settleMs / 1000,
    subgraphs: [],
    skipped: subgraphs.map((s) => s.name).filter((name) => !config.databases.has(name)),
    notStarted: [],
    problems: [],
  };
  try {
    const started = new Set<string>();
    for (const { name } of subgraphs.filter((s) => config.databases.has(s.name))) {
      try {
        if (await schemaExists(await pool.get(name))) started.add(name);
        else report.notStarted.push(name);
      } catch {
        // Unreachable: reported below, where the check of this subgraph fails the same way.
        started.add(name);
      }
    }
    for (const { name } of subgraphs.filter((s) => started.has(s.name))) {
      const status: SubgraphStatus = { name, database: pool.where(name), consumers: [] };
      report.subgraphs.push(status);
      try {
        const schema = await pool.get(name);
        const outbox = await outboxHealth(schema);
        status.outbox = { ...outbox, parked: outbox.parked.map((p) => ({ ...p, parkedAt: p.parkedAt.toISOString() })) };
        if (outbox.parkedCount > 0)
          report.problems.push(
            `${name}: ${outbox.parkedCount} outbox row(s) parked (cannot be published; see last_error)`,
          );
        for (const registration of await registeredConsumers(schema)) {
          const lag = await bus.events.consumerLag(registration.durable);
          const replayLag = await bus.events.consumerLag(replayDurableOf(registration.durable));
          const consumer: ConsumerStatus = {
            durable: registration.durable,
            types: registration.types,
            startedAt: registration.startedAt.toISOString(),
            lag: lag ? { ...lag, oldestAvailable: lag.oldestAvailable?.toISOString() ?? null } : null,
            replayPending: replayLag ? replayLag.pending + replayLag.ackPending : null,
            deadLetters: await deadLetterCount(schema, registration.durable),
            producers: [],
          };
          status.consumers.push(consumer);
          const replayCommand = `pnpm bus:replay --consumer ${name}${registration.durable === name ? '' : ` --durable ${registration.durable}`}`;
          if (lag?.streamGap) {
            report.problems.push(
              `${registration.durable}: the stream discarded events it never acknowledged → ${replayCommand}`,
            );
          }
          // What the stream still holds reaches the consumer on its own; only older events are lost.
          const stillInStreamFrom = stillInStreamFromLag(lag);
          for (const producer of producersOf(registration.types)) {
            const entry: ProducerGapStatus = { producer, gaps: null, byType: {} };
            consumer.producers.push(entry);
            if (!config.databases.has(producer)) {
              entry.error = 'no database configured';
              continue;
            }
            if (report.notStarted.includes(producer)) {
              // Never ran against this database, so it has emitted nothing the consumer could miss.
              entry.gaps = 0;
              continue;
            }
            try {
              const gaps = await findOutboxGaps({
                consumer: { ...schema, durable: registration.durable },
                producers: [await pool.get(producer)],
                types: registration.types,
                settleMs,
                stillInStreamFrom,
                listGaps: false,
              });
              entry.gaps = gaps.total;
              entry.byType = gaps.producers[0]?.byType ?? {};
              if (gaps.total > 0) {
                report.problems.push(
                  `${registration.durable}: ${gaps.total} event(s) from ${producer} never received → ${replayCommand} --producer ${producer}`,
                );
              }
            } catch (error) {
              entry.error = checkError(error);
              report.problems.push(`${registration.durable}: gap check against ${producer} failed: ${entry.error}`);
            }
          }
        }
      } catch (error) {
        status.error = checkError(error);
        report.problems.push(`${name}: ${status.error}`);
      }
    }
  } finally {
    await pool.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}

function render(report: StatusReport): string {
  const lines: string[] = [];
  lines.push(
    `Event bus: stream ${report.stream} on ${report.nats}; outbox kept ${report.outboxRetentionDays} days; events younger than ${report.settleSeconds} s count as in flight.`,
    '',
  );
  const outboxRows = [['SUBGRAPH', 'DATABASE', 'UNPUBLISHED', 'OLDEST UNPUBLISHED', 'PARKED']];
  for (const s of report.subgraphs) {
    if (s.error || !s.outbox) outboxRows.push([s.name, s.database, 'error', s.error ?? '', '']);
    else
      outboxRows.push([
        s.name,
        s.database,
        String(s.outbox.unpublished),
        ago(s.outbox.oldestUnpublishedAgeMs),
        String(s.outbox.parkedCount),
      ]);
  }
  lines.push(table(outboxRows), '');

  const consumerRows = [
    ['CONSUMER', 'SUBGRAPH', 'PENDING', 'ACK PENDING', 'STREAM GAP', 'REPLAY PENDING', 'DEAD LETTERS', 'OUTBOX GAPS'],
  ];
  for (const s of report.subgraphs) {
    for (const c of s.consumers) {
      const gaps =
        c.producers.map((p) => `${p.producer}: ${p.gaps ?? `unchecked (${p.error ?? 'unknown'})`}`).join(', ') || '-';
      consumerRows.push([
        c.durable,
        s.name,
        c.lag ? String(c.lag.pending) : 'no durable',
        c.lag ? String(c.lag.ackPending) : '-',
        c.lag ? (c.lag.streamGap ? 'YES' : 'no') : '-',
        c.replayPending === null ? '-' : String(c.replayPending),
        String(c.deadLetters),
        gaps,
      ]);
    }
  }
  if (consumerRows.length > 1) lines.push(table(consumerRows), '');
  else lines.push('No consumer has registered in the configured databases yet.', '');

  const parked = report.subgraphs.flatMap((s) => (s.outbox?.parked ?? []).map((p) => ({ subgraph: s.name, ...p })));
  if (parked.length > 0) {
    lines.push('Parked outbox rows (newest first):');
    for (const p of parked)
      lines.push(
        `  ${p.subgraph}  ${p.id}  ${p.type}  attempts ${p.attempts}  parked ${p.parkedAt}  ${p.lastError ?? ''}`,
      );
    lines.push('');
  }
  if (report.skipped.length > 0) lines.push(`Not checked (no database configured): ${report.skipped.join(', ')}`, '');
  if (report.notStarted.length > 0)
    lines.push(`Not started in their database (no schema yet): ${report.notStarted.join(', ')}`, '');
  if (report.ok) lines.push('OK: no consumer lost events, no outbox row is parked.');
  else lines.push('PROBLEMS:', ...report.problems.map((p) => `  - ${p}`));
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  rejectUnknown(args, { options: ['settle'], flags: ['json'] });
  const json = flag(args, 'json');
  const settleMs = seconds(args, 'settle', 60) * 1000;
  const config = busOpsConfig();
  if (config.databases.size === 0) {
    process.stderr.write(`no database configured: set DATABASE_URL (or <NAME>_DATABASE_URL per subgraph)\n${usage}\n`);
    return 2;
  }
  const logger = createLogger('bus-status', process.env.LOG_LEVEL ?? 'warn', process.stderr);
  // The transport alone, no ensureStream(): a status probe never creates or changes anything.
  const bus = await connectJetStreamBus({ url: config.natsUrl, naming: config.naming, logger, connectAttempts: 2 });
  try {
    const report = await collect(config, bus, settleMs, logger);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
    return report.ok ? 0 : 1;
  } finally {
    await bus.close();
  }
}

main().then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    process.stderr.write(`${errorMessage(error)}\n`);
    if (exitCodeFor(error) === 2) process.stderr.write(`${usage}\n`);
    process.exit(exitCodeFor(error));
  },
);
