import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** Times are Unix milliseconds (integer): comparable in SQL, no time-zone surprises. */
export const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
