import type { Tx } from '@shop/db';
import { claimRecoveryCode, claimTotpStep } from '../db/mfa.store';
import type { MfaFactorRow } from '../db/schema';
import type { AuthDeps } from './deps';
import { sha256 } from './secrets';
import { looksLikeRecoveryCode, matchTotp, normaliseRecoveryCode } from './totp';

/** The additional data binding a sealed TOTP secret to its factor row. */
export const totpSecretAad = (factorId: string): string => `totp:${factorId}`;

export const openTotpSecret = (deps: AuthDeps, factor: MfaFactorRow): Buffer =>
  deps.secrets.open(factor.secretCiphertext, totpSecretAad(factor.id));

/**
 * Checks a code against a user's factor and spends it: a TOTP code's time step becomes the factor's last used step
 * (no code, and no older code, works again), a recovery code is marked used. Both claims are conditional updates,
 * so two concurrent requests with the same code cannot both succeed. Returns how the user proved themselves.
 */
export async function spendSecondFactor(
  deps: AuthDeps,
  tx: Tx,
  factor: MfaFactorRow,
  rawCode: string,
  options: { allowRecovery: boolean },
): Promise<'TOTP' | 'RECOVERY' | null> {
  const code = rawCode.replace(/\s/g, '');
  const now = deps.clock.now();
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(openTotpSecret(deps, factor), code, now, factor.lastUsedStep);
    if (step !== null && (await claimTotpStep(tx, factor.id, step))) return 'TOTP';
    return null;
  }
  if (options.allowRecovery && looksLikeRecoveryCode(code)) {
    if (await claimRecoveryCode(tx, factor.userId, sha256(normaliseRecoveryCode(code)), now)) return 'RECOVERY';
  }
  return null;
}
