import { hash, verify } from '@node-rs/argon2';
import { ApiError } from '../http/errors.ts';

/** OWASP's argon2id minimum (m=19 MiB, t=2, p=1): ~10 ms a hash on this machine. */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** More passwords waiting than the queue holds: answered 503 + Retry-After at once, nothing changed. */
export class PasswordBusyError extends ApiError {
  constructor() {
    super('busy', 'The portal is busy checking passwords; nothing was changed. Try again in a moment.');
  }
}

interface PasswordHasherOptions {
  /** Argon2 computations at once: the cores of this design (2), so a flood cannot starve the rest. */
  concurrency?: number;
  /** Callers that may wait for a turn; the next one is refused (PasswordBusyError) rather than queued without end. */
  maxQueue?: number;
  /** The computations themselves (tests count them); argon2id by default. */
  hash?: (password: string) => Promise<string>;
  verify?: (storedHash: string, password: string) => Promise<boolean>;
}

interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed stored hash alike. */
  verify(storedHash: string, password: string): Promise<boolean>;
}

/** Hashing and verifying share one semaphore: both cost the same memory and CPU. */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const concurrency = options.concurrency ?? 2;
  const maxQueue = options.maxQueue ?? 32;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`createPasswordHasher: concurrency must be a whole number >= 1 (got ${concurrency})`);
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new Error(`createPasswordHasher: maxQueue must be a whole number >= 0 (got ${maxQueue})`);
  const computeHash = options.hash ?? ((password: string) => hash(password, OPTIONS));
  const computeVerify = options.verify ?? ((storedHash: string, password: string) => verify(storedHash, password));
  let running = 0;
  const waiting: Array<() => void> = [];

  async function inTurn<T>(task: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= maxQueue) throw new PasswordBusyError();
      // The finishing task hands its slot over directly: `running` stays counted for us.
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    hash: (password) => inTurn(() => computeHash(password)),
    async verify(storedHash, password) {
      try {
        return await inTurn(() => computeVerify(storedHash, password));
      } catch (error) {
        if (error instanceof PasswordBusyError) throw error;
        return false;
      }
    },
  };
}

const shared = createPasswordHasher();

export function hashPassword(password: string): Promise<string> {
  return shared.hash(password);
}

/** False for a wrong password and for a malformed stored hash alike; PasswordBusyError when the queue is full. */
export function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  return shared.verify(storedHash, password);
}
