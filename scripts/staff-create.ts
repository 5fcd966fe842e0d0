import { newId, createLogger, env, parseEnv } from '@shop/core';
import { CommandError, callCommand, connectJetStreamBus, defaultBusNaming } from '@shop/bus';
import { z } from 'zod';

/**
 * `pnpm staff:create -- --email a@b.c --name "Ada" [--permissions catalog:write,users:manage]`
 * Creates the first staff account of a distributed deployment: registers the user through the users
 * subgraph's `users.register` command (so the credential rules, weak-password checks and events all apply)
 * and grants permissions through `auth.staffGrant`. The password is read from STAFF_PASSWORD, never from
 * the command line (it would land in shell history and process lists). Default permission: `*`.
 */
function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const config = parseEnv({
    NATS_URL: env.url(['nats', 'tls']).default('nats://127.0.0.1:4222'),
    COMMANDS_SUBJECT_PREFIX: z.string().default('cmd'),
    STAFF_PASSWORD: z.string().min(1, 'set STAFF_PASSWORD to the new account’s password'),
  });
  const email = arg('email');
  const name = arg('name') ?? 'Staff';
  const permissions = (arg('permissions') ?? '*')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!email)
    throw new Error(
      'usage: STAFF_PASSWORD=… pnpm staff:create -- --email <email> [--name <name>] [--permissions a:b,c:d]',
    );
  // Commands only: the transport is connected without touching the events stream.
  const bus = await connectJetStreamBus({
    url: config.NATS_URL,
    naming: { ...defaultBusNaming, commandPrefix: config.COMMANDS_SUBJECT_PREFIX },
    logger: createLogger('staff-create', 'warn'),
    connectAttempts: 3,
  });
  try {
    const registered = await callCommand(
      bus,
      'users.register',
      { idempotencyKey: newId(), email, password: config.STAFF_PASSWORD, name },
      { timeoutMs: 15_000 },
    );
    if (!registered.userId)
      throw new Error(`Registration refused: ${registered.error?.code}: ${registered.error?.message}`);
    const granted = await callCommand(
      bus,
      'auth.staffGrant',
      { idempotencyKey: newId(), userId: registered.userId, permissions },
      { timeoutMs: 15_000 },
    );
    process.stdout.write(
      `Staff account ${email} (${registered.userId}) created with permissions: ${granted.permissions.join(', ')}\n`,
    );
  } finally {
    await bus.close();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof CommandError && error.code === 'NO_RESPONDER'
      ? 'The users and auth subgraphs must be running (pnpm start:distributed).'
      : (error as Error).message;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
