import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema.ts';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export const ALGORITHM = 'ES256';
const SETTING = 'oauth_signing_key';
const cache = new WeakMap<Database, Promise<SigningKey>>();

/**
 * The sandbox authorization server's signing key: made once, kept in the database so every
 * instance signs and verifies with the same key. Two instances racing at first start both
 * insert-or-ignore, then both read the one that won.
 */
export function loadSigningKey(db: Database): Promise<SigningKey> {
  let key = cache.get(db);
  if (!key) {
    key = readOrCreate(db);
    cache.set(db, key);
    key.catch(() => cache.delete(db));
  }
  return key;
}

async function readOrCreate(db: Database): Promise<SigningKey> {
  const existing = await db.select().from(settings).where(eq(settings.key, SETTING)).limit(1);
  if (existing.length === 0) {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    await db
      .insert(settings)
      .values({ key: SETTING, value: JSON.stringify(jwk) })
      .onConflictDoNothing();
  }
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTING)).limit(1);
  const privateJwk = JSON.parse(row?.value ?? '{}') as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey: (await importJWK(privateJwk, ALGORITHM)) as CryptoKey, publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' } };
}
