import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { deleteRowsWhere, rowWhere, type Executor } from '@shop/db';
import { keyring, signingKeys, type KeyringRow, type SigningKeyRow } from './schema';

// ------------------------------------------------------------------------------------------------ keyring

export async function keyringRow(db: Executor): Promise<KeyringRow | null> {
  return (await rowWhere(db, keyring, eq(keyring.id, 1))) ?? null;
}

/** Creates the keyring row unless another replica just did; the caller reads it back either way. */
export async function insertKeyring(
  db: Executor,
  values: { developmentKey: string | null; check: string; createdAt: Date },
): Promise<void> {
  await db
    .insert(keyring)
    .values({ id: 1, ...values })
    .onConflictDoNothing();
}

// ------------------------------------------------------------------------------------------------ signing keys

/** Serialises key creation and rotation across replicas for the rest of the transaction. */
export async function lockSigningKeys(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('auth.signing_keys'))`);
}

export async function activeSigningKey(db: Executor): Promise<SigningKeyRow | null> {
  return (await rowWhere(db, signingKeys, eq(signingKeys.status, 'ACTIVE'))) ?? null;
}

export async function nextSigningKey(db: Executor): Promise<SigningKeyRow | null> {
  return (await rowWhere(db, signingKeys, eq(signingKeys.status, 'NEXT'), [asc(signingKeys.createdAt)])) ?? null;
}

/** What the JWKS publishes: the next, the active, and retired keys retired after `retiredAfter`. */
export async function publishedSigningKeys(db: Executor, retiredAfter: Date): Promise<SigningKeyRow[]> {
  return db
    .select()
    .from(signingKeys)
    .where(
      or(
        inArray(signingKeys.status, ['NEXT', 'ACTIVE']),
        and(eq(signingKeys.status, 'RETIRED'), gt(signingKeys.retiredAt, retiredAfter)),
      ),
    )
    .orderBy(desc(signingKeys.createdAt));
}

export async function insertSigningKey(tx: Executor, values: Omit<SigningKeyRow, 'retiredAt'>): Promise<void> {
  await tx.insert(signingKeys).values(values);
}

export async function retireSigningKey(tx: Executor, kid: string, at: Date): Promise<void> {
  await tx.update(signingKeys).set({ status: 'RETIRED', retiredAt: at }).where(eq(signingKeys.kid, kid));
}

export async function activateSigningKey(tx: Executor, kid: string, at: Date): Promise<void> {
  await tx.update(signingKeys).set({ status: 'ACTIVE', activatedAt: at }).where(eq(signingKeys.kid, kid));
}

/** Housekeeping: retired keys whose tokens have all expired. */
export async function deleteRetiredSigningKeys(db: Executor, retiredBefore: Date): Promise<number> {
  return deleteRowsWhere(
    db,
    signingKeys,
    and(eq(signingKeys.status, 'RETIRED'), lt(signingKeys.retiredAt, retiredBefore)),
  );
}
