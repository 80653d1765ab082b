import { sql, type SQL, type Column } from 'drizzle-orm';

/** LIKE with the user's text taken literally (% and _ escaped, with the ESCAPE clause SQLite needs). */
export function likeLiteral(column: Column, text: string, where: 'prefix' | 'contains'): SQL {
  const escaped = text.replace(/[\\%_]/g, (char) => `\\${char}`);
  const pattern = where === 'prefix' ? `${escaped}%` : `%${escaped}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}
