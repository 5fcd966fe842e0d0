import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { newId } from '@shop/core';
import { TEST_NATS_URL } from '@shop/testing';
import { startIdentitySupergraph, type IdentitySupergraph } from './support/identity-supergraph';

/** `pnpm staff:create`: the first staff account of a distributed deployment, created over the bus. */
let env: IdentitySupergraph;
beforeAll(async () => {
  env = await startIdentitySupergraph('staffcreate');
}, 120_000);
afterAll(async () => {
  await env?.stop();
});

const ROOT = join(__dirname, '..');
/** Runs the CLI as its own process; asynchronously, since the subgraphs answering it live in this one. */
function staffCreate(
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/staff-create.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NATS_URL: TEST_NATS_URL,
      COMMANDS_SUBJECT_PREFIX: env.naming.commandPrefix,
      ...extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('pnpm staff:create', () => {
  it('creates an account that signs in with the granted permissions, taking the password only from the environment', async () => {
    const email = `first-admin-${newId().slice(-8)}@example.com`;
    const password = 'Opening-day-passphrase-77';
    const run = await staffCreate(
      ['--email', email, '--name', 'First Admin', '--permissions', 'catalog:write,users:manage'],
      { STAFF_PASSWORD: password },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('catalog:write');
    expect(run.stdout).not.toContain(password);

    const login = await env.gql<{ login: { accessToken: string | null } }>(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password } },
    );
    const token = login.data?.login.accessToken;
    expect(token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as {
      staff: boolean;
      perms: string[];
    };
    expect(claims.staff).toBe(true);
    expect(claims.perms.sort()).toEqual(['catalog:write', 'users:manage']);
  });

  it('refuses to run without STAFF_PASSWORD, naming the variable', async () => {
    const run = await staffCreate(['--email', 'x@example.com'], {});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STAFF_PASSWORD');
  });

  it('reports a weak password as the registration refusal', async () => {
    const run = await staffCreate(['--email', `weak-${newId().slice(-8)}@example.com`], { STAFF_PASSWORD: 'password' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('WEAK_PASSWORD');
  });
});
