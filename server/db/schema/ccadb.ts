import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.ts';

/**
 * The CCADB Included CA Certificate Reports the platform team imported (issue 17 item 4): the
 * registry is compared with the latest. Only the columns compared are kept (the parsed rows, as
 * JSON: a few hundred roots); who imported it and when are also in the audit log.
 */
export const ccadbImports = sqliteTable('ccadb_imports', {
  id: text('id').primaryKey(),
  /** The platform member who uploaded it, or named with --by; null: the command line without --by. */
  importedBy: text('imported_by').references(() => users.id, { onDelete: 'set null' }),
  via: text('via', { enum: ['upload', 'command'] }).notNull(),
  fileName: text('file_name'),
  /** CcadbEntry[] (server/certificates/ccadb-report.ts) as JSON. */
  entries: text('entries').notNull(),
  entryCount: integer('entry_count', { mode: 'number' }).notNull(),
  importedAt: integer('imported_at', { mode: 'number' }).notNull(),
});

export type CcadbImport = typeof ccadbImports.$inferSelect;
