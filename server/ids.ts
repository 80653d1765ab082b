import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Prefixed random ids (`usr_…`, `ses_…`): say what they name, and are never guessable. */
type IdPrefix = 'usr' | 'ses' | 'tok' | 'acc' | 'evt' | 'msg' | 'app' | 'sec' | 'sub' | 'ca' | 'crt' | 'car' | 'cci';

/** What each prefix names, in the words a validation message uses. */
const ID_NOUNS: Record<IdPrefix, string> = {
  usr: 'user id',
  ses: 'session id',
  tok: 'token id',
  acc: 'request id',
  evt: 'event id',
  msg: 'message id',
  app: 'client id',
  sec: 'secret id',
  sub: 'API access id',
  ca: 'CA id',
  crt: 'certificate id',
  car: 'CA request id',
  cci: 'CCADB import id',
};

/** 15 random bytes in base64url: exactly 20 characters. */
const RANDOM_BYTES = 15;
const RANDOM_PART = '[A-Za-z0-9_-]{20}';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(RANDOM_BYTES).toString('base64url')}`;
}

/** Whether a value has the shape newId gives this prefix (a lookup of anything else is pointless). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_${RANDOM_PART}$`).test(value);
}

/** The request schema of an id: refuses anything newId(prefix) cannot have made. */
export function idSchema(prefix: IdPrefix) {
  return z.string().regex(new RegExp(`^${prefix}_${RANDOM_PART}$`), { error: `not a valid ${ID_NOUNS[prefix]} (${prefix}_…)` });
}

/** 256 bits of randomness, URL-safe: for secrets that are hashed, never stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
