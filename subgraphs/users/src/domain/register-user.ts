import { z } from 'zod';
import { CommandError } from '@shop/bus';
import { failMany, newId, ok } from '@shop/core';
import type { CommandResponse } from '@shop/events';
import { constraintViolationOf } from '@shop/db';
import type { UserRow, VisibleUserRow } from '../db/schema';
import {
  abandonPendingUsers,
  activatePendingUser,
  deleteAbandonedUser,
  deletePendingUser,
  insertPendingUser,
  userByRegistrationKey,
  userHoldingEmail,
} from '../db/users.store';
import type { UsersDeps } from './deps';
import { serviceUnavailable, userError, type UsersResult, type UsersUserError } from './errors';
import { defaultPreferences } from './preferences';
import { emailField, nameField, parseInput } from './validation';

/** The command schema's bound; the password policy itself is auth's (it answers WEAK_PASSWORD). */
const MAX_PASSWORD_LENGTH = 1024;

const registerInput = z.object({
  email: emailField,
  // Never trimmed or otherwise altered: the password is auth's business, passed on exactly as typed.
  password: z.string().superRefine((password, ctx) => {
    if (password.length === 0)
      ctx.addIssue({ code: 'custom', message: 'Enter a password.', params: { code: 'WEAK_PASSWORD' } });
    if (password.length > MAX_PASSWORD_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
        params: { code: 'WEAK_PASSWORD' },
      });
    }
  }),
  name: nameField(200),
});

export type RegisterInput = z.input<typeof registerInput>;

/**
 * Email-enumeration trade-off: answering EMAIL_TAKEN tells the caller that an account uses this address. A
 * sign-up form cannot avoid that (the person must learn why they cannot register, and the unique index answers
 * the same question however it is phrased), so register says it plainly and the gateway's per-IP rate limit
 * bounds how fast anyone can ask. What register does NOT reveal: whether the account is active, disabled or
 * mid-registration (one code and one message for all of them), and nothing about it beyond "taken". A
 * stricter design would always answer "check your inbox" and email the owner instead; that needs the
 * notifications subgraph and an email-verification flow, which the shop does not have yet.
 */
const emailTaken = (): UsersUserError =>
  userError('EMAIL_TAKEN', 'An account with this email address already exists.', ['email']);

function refusal(error: NonNullable<CommandResponse<'auth.createCredential'>['error']>): UsersUserError {
  return error.code === 'WEAK_PASSWORD' ? userError('WEAK_PASSWORD', error.message, ['password']) : emailTaken();
}

/**
 * register: creates the profile here and the credential in auth, as one logical step that never leaves a
 * half-registered user behind.
 *
 * 1. The profile is inserted as a PENDING registration: invisible everywhere, but holding its email (the unique
 *    index makes the first of two concurrent registrations win; the other gets EMAIL_TAKEN).
 * 2. `auth.createCredential` (idempotency key = the new user id) creates the credential.
 * 3. Success: PENDING → ACTIVE and `user.registered` in one transaction.
 *
 * Compensation, beside each step: a refusal (WEAK_PASSWORD, EMAIL_TAKEN) deletes the pending profile; a failed
 * command (TIMEOUT, no responder, ...) abandons it, asks auth to delete the credential it may have created, then
 * deletes it; a crash anywhere leaves a PENDING or ABANDONED row that the sweeper compensates the same way
 * (`sweepRegistrations`). Activation only succeeds from PENDING, so a registration the sweeper has taken can
 * never come back to life.
 *
 * `registrationKey` (the `users.register` command's idempotency key) makes a retried command return the account
 * it created the first time.
 */
export async function registerUser(
  deps: UsersDeps,
  input: RegisterInput,
  options: { registrationKey?: string } = {},
): Promise<UsersResult<VisibleUserRow>> {
  const parsed = parseInput(registerInput, input);
  if (!parsed.ok) return parsed;
  const { email, password, name } = parsed.value;
  const registrationKey = options.registrationKey ?? null;

  if (registrationKey !== null) {
    const earlier = await userByRegistrationKey(deps.db, registrationKey);
    if (earlier && isFinished(earlier)) return ok(earlier);
  }

  // Step 1: hold the email with an invisible, pending profile.
  const id = newId();
  const held = await holdEmail(deps, { id, email, name, registrationKey });
  if (!held.ok) return held;

  // Step 2: the credential, in auth.
  let reply: CommandResponse<'auth.createCredential'>;
  try {
    reply = await deps.commands.call(
      'auth.createCredential',
      { idempotencyKey: id, userId: id, email, password },
      { timeoutMs: deps.registration.commandTimeoutMs },
    );
  } catch (error) {
    // Without a responder nothing was created; after a timeout (or any other failure) auth may have created it.
    const credentialMayExist = !(error instanceof CommandError && error.code === 'NO_RESPONDER');
    deps.logger.warn(
      { userId: id, err: error instanceof Error ? error.message : String(error) },
      'auth.createCredential failed; registration compensated',
    );
    await compensate(deps, id, credentialMayExist);
    return failMany([serviceUnavailable()]);
  }
  // `created: false` without an error is auth's idempotent answer to a retry: the credential exists.
  if (reply.error) {
    await compensate(deps, id, false);
    return failMany([refusal(reply.error)]);
  }

  // Step 3: activate and announce, in one transaction.
  let user: VisibleUserRow | undefined;
  try {
    user = await deps.db.transaction(async (tx) => {
      const activated = await activatePendingUser(tx, id);
      if (!activated) return undefined;
      await deps.emit(tx, {
        type: 'user.registered',
        subject: id,
        data: { userId: id, email, name },
        actor: { kind: 'user', id },
      });
      return activated;
    });
  } catch (error) {
    await compensate(deps, id, true);
    throw error;
  }
  if (!user) {
    // Slower than `staleAfterMs`: the sweeper abandoned this registration and is compensating it.
    deps.logger.warn({ userId: id }, 'registration was swept before it could be activated');
    return failMany([serviceUnavailable()]);
  }
  return ok(user);
}

const isFinished = (user: UserRow): user is VisibleUserRow => user.status === 'ACTIVE' || user.status === 'DISABLED';

/** A registration that no longer holds its email: abandoned, or pending for longer than any live one can be. */
function isReclaimable(holder: UserRow, deps: UsersDeps): boolean {
  if (holder.status === 'ABANDONED') return true;
  return holder.status === 'PENDING' && holder.createdAt.getTime() < Date.now() - deps.registration.staleAfterMs;
}

/**
 * Inserts the pending profile. When the email is held by a stale or abandoned registration, that one is
 * compensated first and the insert tried once more: a crashed registration must not block the address until the
 * next sweep.
 */
async function holdEmail(
  deps: UsersDeps,
  row: { id: string; email: string; name: string; registrationKey: string | null },
): Promise<UsersResult<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await insertPendingUser(deps.db, { ...row, preferences: defaultPreferences() });
      return ok(undefined);
    } catch (error) {
      const violation = constraintViolationOf(error);
      // The same command key racing with itself: the other attempt is still running.
      if (violation?.constraint === 'users_registration_key') return failMany([serviceUnavailable()]);
      if (violation?.constraint !== 'users_email_live_key') throw error;
      const holder = await userHoldingEmail(deps.db, row.email);
      if (holder && !(attempt === 0 && isReclaimable(holder, deps))) return failMany([emailTaken()]);
      if (holder) {
        await abandonPendingUsers(deps.db, { ids: [holder.id], limit: 1 });
        // auth unreachable: the email stays held until the sweeper gets through, and this attempt cannot proceed.
        if (!(await forgetAbandonedRegistration(deps, holder.id))) return failMany([serviceUnavailable()]);
      }
    }
  }
  return failMany([emailTaken()]);
}

/** Undoes step 1 (and step 2 when it may have happened) for a registration that failed in this request. */
async function compensate(deps: UsersDeps, id: string, credentialMayExist: boolean): Promise<void> {
  try {
    if (!credentialMayExist) {
      await deletePendingUser(deps.db, id);
      return;
    }
    // Abandoned first, so it can no longer be activated; if the sweeper already took it, it finishes the job.
    const [claimed] = await abandonPendingUsers(deps.db, { ids: [id], limit: 1 });
    if (claimed) await forgetAbandonedRegistration(deps, claimed);
  } catch (error) {
    // The row stays PENDING or ABANDONED, and the sweeper compensates it later.
    deps.logger.error({ userId: id, err: error }, 'registration compensation failed; left for the sweeper');
  }
}

/**
 * The compensation of step 2, then of step 1: asks auth to delete the credential (idempotent; a no-op when none
 * was created), and only once auth confirmed, deletes the abandoned profile. If auth cannot be reached the row
 * stays ABANDONED, the record that compensation is still owed, and the sweeper retries. Returns whether the
 * registration is gone.
 */
export async function forgetAbandonedRegistration(deps: UsersDeps, id: string): Promise<boolean> {
  try {
    await deps.commands.call(
      'auth.deleteCredential',
      { idempotencyKey: id, userId: id },
      { timeoutMs: deps.registration.commandTimeoutMs },
    );
  } catch (error) {
    deps.logger.warn(
      { userId: id, err: error instanceof Error ? error.message : String(error) },
      'auth.deleteCredential failed; the sweeper retries',
    );
    return false;
  }
  await deleteAbandonedUser(deps.db, id);
  return true;
}
