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
  const connections = replaceAfterBusy(client);
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
    try {
      await connections.refreshIfNeeded();
    } catch (error) {
      release();
      throw error;
    }
    return release;
  };
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await connections.watch(run());
    } finally {
      release();
    }
  };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (statement: InStatement, args?: never) =>
          isRead(statement) ? connections.read(() => target.execute(statement as never, args)) : exclusive(() => target.execute(statement as never, args));
      }
      if (property === 'batch' || property === 'migrate' || property === 'executeMultiple') {
        const method = Reflect.get(target, property, receiver) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => exclusive(() => method.apply(target, args));
      }
      if (property === 'transaction') {
        return async (...args: unknown[]) => {
          const release = await acquire();
          try {
            return releaseWhenDone(await connections.watch((target.transaction as (...a: unknown[]) => Promise<Transaction>)(...args)), release, connections);
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

function releaseWhenDone(transaction: Transaction, release: () => void, connections: ConnectionRefresh): Transaction {
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
            return await connections.watch((value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
          } finally {
            once();
          }
        };
      }
      if (property === 'execute' || property === 'batch' || property === 'executeMultiple') {
        return (...args: unknown[]) => connections.watch((value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
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

interface ConnectionRefresh {
  /** Passes a result through, noting an SQLITE_BUSY failure. */
  watch<T>(work: Promise<T>): Promise<T>;
  /** Runs a read outside the write queue, counted so connections are never replaced under it. */
  read<T>(run: () => Promise<T>): Promise<T>;
  /** Called holding the write queue: replaces the pool's connections if one is spoiled. */
  refreshIfNeeded(): Promise<void>;
}

/**
 * The driver never resets a statement that failed with SQLITE_BUSY: SQLite still counts it as
 * running until it is garbage-collected, and every later COMMIT on that pooled connection fails
 * with "cannot commit transaction - SQL statements in progress" (measured: all write
 * transactions 503 after a 5 s lock had long been released). So after a busy failure the pool's
 * connections are replaced before the next write — with no write (we hold the queue) and no
 * read (counted, checked in the same synchronous step) using one.
 */
function replaceAfterBusy(client: Client): ConnectionRefresh {
  let spoiled = false;
  let readsInFlight = 0;
  const drained: Array<() => void> = [];
  return {
    async watch(work) {
      try {
        return await work;
      } catch (error) {
        if (isBusy(error)) spoiled = true;
        throw error;
      }
    },
    async read(run) {
      readsInFlight += 1;
      try {
        return await this.watch(run());
      } finally {
        readsInFlight -= 1;
        if (readsInFlight === 0) for (const resolve of drained.splice(0)) resolve();
      }
    },
    async refreshIfNeeded() {
      if (!spoiled) return;
      while (readsInFlight > 0) await new Promise<void>((resolve) => drained.push(resolve));
      spoiled = false;
      await client.reconnect();
    },
  };
}

function isBusy(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    if (/SQLITE_BUSY|database is locked/.test(`${(current as { code?: string }).code ?? ''} ${current.message}`)) return true;
  }
  return false;
}

function isRead(statement: InStatement): boolean {
  const sql = (typeof statement === 'string' ? statement : statement.sql).trimStart().slice(0, 10).toLowerCase();
  return sql.startsWith('select') || sql.startsWith('explain');
}
