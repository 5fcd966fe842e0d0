import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { credentialByUserId } from '../db/credentials.store';
import { upsertPendingFactor } from '../db/mfa.store';
import type { AuthDeps } from './deps';
import { refuse, type AuthResult, useCase } from './errors';
import { assertLiveSession } from './live-session';
import { totpSecretAad } from './second-factor';
import { base32Of, newTotpSecret, otpauthUri } from './totp';
import type { Viewer } from './viewer';

const mfaEnrollInput = z
  .object({
    accountName: z
      .string()
      .trim()
      .min(1, 'Enter a name or leave it out.')
      .max(100, 'Use at most 100 characters.')
      .nullish(),
  })
  .nullish();
export type MfaEnrollInput = z.input<typeof mfaEnrollInput>;

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}

/**
 * mfaEnroll: a new TOTP secret, stored encrypted as a PENDING factor (replacing an unconfirmed one). MFA is not on
 * until mfaConfirm proves the app has it. The secret is returned once, here, and never logged.
 */
export const enrollMfa = useCase(
  mfaEnrollInput,
  async (deps: AuthDeps, viewer: Viewer, input): Promise<AuthResult<MfaEnrolment>> => {
    const userId = await assertLiveSession(deps, viewer);
    const credential = await credentialByUserId(deps.db, userId);
    if (!credential || credential.status !== 'ACTIVE') return refuse('NOT_FOUND', 'This account cannot use MFA.');

    const secret = newTotpSecret();
    const factorId = newId();
    const stored = await upsertPendingFactor(deps.db, {
      id: factorId,
      userId,
      secretCiphertext: deps.secrets.seal(secret, totpSecretAad(factorId)),
      createdAt: deps.clock.now(),
    });
    if (!stored) return refuse('MFA_ALREADY_ENABLED', 'MFA is already on: turn it off before enrolling another app.');
    deps.logger.info({ userId, factorId }, 'MFA enrolment started');
    return ok({
      secret: base32Of(secret),
      otpauthUri: otpauthUri(secret, deps.settings.totpIssuer, input?.accountName ?? credential.email),
    });
  },
);
