import type { Client, InStatement, Transaction } from '@libsql/client';

/**
 * The embedded libSQL driver is synchronous: a writer waiting on SQLite's busy timeout
 * blocks the whole event loop, so the transaction holding the lock — paused at an `await` in
 * this same process — can never finish (measured: two owners deciding at once, 5 s, then
 * SQLITE_BUSY). Queuing this process's writes behind each other removes that deadlock;
 * reads (WAL) pass freely, and the busy timeout still arbitrates between processes.
 */
export function serializeWrites(client: Client): Client {
  let tail: Promise<unknown> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => held);
    await previous;
    // The driver never yields: without this turn of the event loop a burst of queued writes
    // runs back to back, and nothing else — reading requests, timers — runs for seconds
    // (measured: 4.9–8.5 s with 200 consumers at once; idle keep-alive sockets holding a new
    // request were reset when their timer fired first). One write per turn bounds the stall.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return release;
  };
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (statement: InStatement, args?: never) => (isRead(statement) ? target.execute(statement as never, args) : exclusive(() => target.execute(statement as never, args)));
      }
      if (property === 'batch' || property === 'migrate' || property === 'executeMultiple') {
        const method = Reflect.get(target, property, receiver) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => exclusive(() => method.apply(target, args));
      }
      if (property === 'transaction') {
        return async (...args: unknown[]) => {
          const release = await acquire();
          try {
            return releaseWhenDone(await (target.transaction as (...a: unknown[]) => Promise<Transaction>)(...args), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function releaseWhenDone(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const once = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  return new Proxy(transaction, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'commit' || property === 'rollback') {
        return async (...args: unknown[]) => {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            once();
          }
        };
      }
      if (property === 'close') {
        return (...args: unknown[]) => {
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            once();
          }
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

function isRead(statement: InStatement): boolean {
  const sql = (typeof statement === 'string' ? statement : statement.sql).trimStart().slice(0, 10).toLowerCase();
  return sql.startsWith('select') || sql.startsWith('explain');
}
