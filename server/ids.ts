import { randomBytes } from 'node:crypto';

/** Prefixed random ids (`usr_…`, `ses_…`): say what they name, and are never guessable. */
export type IdPrefix = 'usr' | 'ses' | 'tok' | 'acc' | 'evt' | 'msg' | 'app' | 'sec' | 'sub' | 'ca' | 'crt' | 'car';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(15).toString('base64url')}`;
}

/** 256 bits of randomness, URL-safe: for secrets that are hashed, never stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
