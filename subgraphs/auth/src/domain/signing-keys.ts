import { generateKeyPairSync, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { ACCESS_TOKEN, ISSUED_AT_MS_CLAIM, type AccessTokenClaims } from '@shop/server';
import type { Db } from '@shop/db';
import {
  activateSigningKey,
  activeSigningKey,
  deleteRetiredSigningKeys,
  insertSigningKey,
  lockSigningKeys,
  nextSigningKey,
  publishedSigningKeys,
  retireSigningKey,
} from '../db/keys.store';
import type { SigningKeyRow } from '../db/schema';
import { addSeconds, type Clock } from './clock';
import type { SecretBox } from './secrets';
import type { AuthSettings } from './settings';

/** How long a replica keeps using the active key it loaded before looking again (after another replica rotated). */
const ACTIVE_KEY_CACHE_MS = 30_000;

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
  kid: string;
}

/**
 * The Ed25519 keys that sign access tokens. One ACTIVE key signs; a NEXT key is published ahead of its turn;
 * RETIRED keys stay in the JWKS for `retainSeconds` (longer than any token they signed lives, plus this cache).
 * Private keys are stored encrypted (additional data: the kid).
 */
export class SigningKeys {
  private cached: { kid: string; key: KeyObject; loadedAt: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly settings: AuthSettings['signingKeys'],
    private readonly clock: Clock,
  ) {}

  /** Creates the first key if there is none (first start). */
  async ensureActiveKey(): Promise<void> {
    if (await activeSigningKey(this.db)) return;
    await this.db.transaction(async (tx) => {
      await lockSigningKeys(tx);
      if (await activeSigningKey(tx)) return;
      const next = await nextSigningKey(tx);
      const now = this.clock.now();
      if (next) await activateSigningKey(tx, next.kid, now);
      else await insertSigningKey(tx, this.newKey('ACTIVE', now));
    });
  }

  /** Signs an access token per the platform's contract (iss, aud, 15 minutes, EdDSA, `kid`). */
  async sign(claims: AccessTokenClaims): Promise<SignedAccessToken> {
    const { kid, key } = await this.activeKey();
    // Wall-clock time: the verifiers (gateway, subgraphs) check iat/exp against theirs.
    const issuedAtMs = Date.now();
    const issuedAt = Math.floor(issuedAtMs / 1000);
    const expiresAt = issuedAt + ACCESS_TOKEN.ttlSeconds;
    // The millisecond claim lets a revocation cutoff tell this token from one signed earlier in the same second.
    const token = await new SignJWT({
      sid: claims.sid,
      staff: claims.staff,
      perms: claims.perms,
      [ISSUED_AT_MS_CLAIM]: issuedAtMs,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresAt: new Date(expiresAt * 1000), kid };
  }

  /** The public keys verifiers need: next, active, and recently retired. */
  async jwks(): Promise<JSONWebKeySet> {
    const rows = await publishedSigningKeys(this.db, addSeconds(this.clock.now(), -this.settings.retainSeconds));
    return { keys: rows.map((row): JWK => ({ ...row.publicJwk, kid: row.kid, alg: 'EdDSA', use: 'sig' })) };
  }

  /**
   * Rotates now: the NEXT key (or a new one) becomes ACTIVE and the active one RETIRED, still published until its
   * tokens expire. Verifiers that fetched the JWKS moments ago learn the new kid on their next refetch.
   */
  async rotate(): Promise<{ retiredKid: string | null; activeKid: string }> {
    const result = await this.db.transaction(async (tx) => {
      await lockSigningKeys(tx);
      const now = this.clock.now();
      const current = await activeSigningKey(tx);
      if (current) await retireSigningKey(tx, current.kid, now);
      const next = await nextSigningKey(tx);
      let activeKid: string;
      if (next) {
        await activateSigningKey(tx, next.kid, now);
        activeKid = next.kid;
      } else {
        const created = this.newKey('ACTIVE', now);
        await insertSigningKey(tx, created);
        activeKid = created.kid;
      }
      return { retiredKid: current?.kid ?? null, activeKid };
    });
    this.cached = null;
    return result;
  }

  /**
   * The scheduled rotation (housekeeping): publishes a NEXT key `prepublishSeconds` before the active one reaches
   * `rotateAfterSeconds`, swaps them once it does, and deletes retired keys nobody needs any more.
   */
  async maintain(): Promise<{ published: boolean; rotated: boolean; deleted: number }> {
    const now = this.clock.now();
    let published = false;
    let rotated = false;
    const active = await activeSigningKey(this.db);
    if (active) {
      const age = (now.getTime() - (active.activatedAt ?? active.createdAt).getTime()) / 1000;
      if (
        age >= this.settings.rotateAfterSeconds - this.settings.prepublishSeconds &&
        !(await nextSigningKey(this.db))
      ) {
        published = await this.db.transaction(async (tx) => {
          await lockSigningKeys(tx);
          if (await nextSigningKey(tx)) return false;
          await insertSigningKey(tx, this.newKey('NEXT', now));
          return true;
        });
      }
      const next = await nextSigningKey(this.db);
      const nextAge = next ? (now.getTime() - next.createdAt.getTime()) / 1000 : 0;
      if (age >= this.settings.rotateAfterSeconds && next && nextAge >= this.settings.prepublishSeconds) {
        await this.rotate();
        rotated = true;
      }
    } else {
      await this.ensureActiveKey();
    }
    const deleted = await deleteRetiredSigningKeys(this.db, addSeconds(now, -this.settings.retainSeconds));
    return { published, rotated, deleted };
  }

  private async activeKey(): Promise<{ kid: string; key: KeyObject }> {
    if (this.cached && Date.now() - this.cached.loadedAt < ACTIVE_KEY_CACHE_MS) return this.cached;
    let row = await activeSigningKey(this.db);
    if (!row) {
      await this.ensureActiveKey();
      row = await activeSigningKey(this.db);
    }
    if (!row) throw new Error('no active signing key');
    const key = createPrivateKey({
      key: this.box.open(row.privateKeyCiphertext, aadOf(row.kid)),
      format: 'der',
      type: 'pkcs8',
    });
    this.cached = { kid: row.kid, key, loadedAt: Date.now() };
    return this.cached;
  }

  private newKey(status: 'ACTIVE' | 'NEXT', now: Date): Omit<SigningKeyRow, 'retiredAt'> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const kid = `auth-${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
    const { kty, crv, x } = publicKey.export({ format: 'jwk' });
    if (!kty || !crv || !x) throw new Error('Ed25519 public key export lacks kty/crv/x');
    return {
      kid,
      status,
      publicJwk: { kty, crv, x },
      privateKeyCiphertext: this.box.seal(privateKey.export({ format: 'der', type: 'pkcs8' }), aadOf(kid)),
      createdAt: now,
      activatedAt: status === 'ACTIVE' ? now : null,
    };
  }
}

const aadOf = (kid: string): string => `signing-key:${kid}`;
