import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { rateLimits } from './schema.ts';

interface CounterHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window restarts. */
  retryAfterSeconds: number;
}

/**
 * One hit on a fixed-window counter shared by every instance (the rate_limits table): one
 * upsert, the counter restarts when its window is over. Services use it where the limit is
 * about a person or a mailbox rather than a request (resends, emails to one recipient).
 */
export async function countHit(writer: Pick<Database, 'insert'>, key: string, windowMs: number, now: number): Promise<CounterHit> {
  const windowStart = now - (now % windowMs);
  const [row] = await writer
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} = ${windowStart} then ${rateLimits.count} + 1 else 1 end`,
        windowStart: sql`${windowStart}`,
      },
    })
    .returning({ count: rateLimits.count });
  return { count: row?.count ?? 1, retryAfterSeconds: Math.ceil((windowStart + windowMs - now) / 1000) };
}
