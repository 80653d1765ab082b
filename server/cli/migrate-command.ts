import type { Config } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';

export async function runMigrateCommand(_values: unknown, _positionals: string[], config: Config): Promise<number> {
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    await migrateDatabase(handle);
    process.stdout.write(`Database ${redact(config.DATABASE_URL)} is up to date.\n`);
    return 0;
  } finally {
    handle.close();
  }
}

/** Database URLs can carry credentials: show scheme and host only. */
export function redact(url: string): string {
  if (url.startsWith('file:')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(database URL)';
  }
}
