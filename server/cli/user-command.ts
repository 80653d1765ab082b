import { ROLES, type Role } from '../db/schema.ts';
import type { Config } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { createVerifiedUser } from '../services/bootstrap.ts';
import { UsageError } from './usage-error.ts';

/** portico user create --email … --password … [--role admin] [--name …] [--company …] */
export async function runUserCommand(values: Record<string, string | boolean | undefined>, positionals: string[], config: Config): Promise<number> {
  if (positionals[0] !== 'create') throw new UsageError('the only user subcommand is "create"');
  const email = typeof values.email === 'string' ? values.email : undefined;
  const password = typeof values.password === 'string' ? values.password : config.PORTICO_PASSWORD;
  const role = (typeof values.role === 'string' ? values.role : 'consumer') as Role;
  if (!email || !password) throw new UsageError('--email and --password (or PORTICO_PASSWORD) are required');
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    await migrateDatabase(handle);
    const result = await createVerifiedUser(
      handle.db,
      {
        email,
        password,
        role,
        fullName: typeof values.name === 'string' ? values.name : undefined,
        company: typeof values.company === 'string' ? values.company : undefined,
        // The one way to a local staff account once staff sign in through a provider (decision 026).
        localStaff: true,
      },
      Date.now(),
    );
    if (!result.ok) {
      process.stderr.write(`portico: ${result.message}\n`);
      return 1;
    }
    process.stdout.write(`Created ${role} ${email.toLowerCase()} (${result.id}).\n`);
    return 0;
  } finally {
    handle.close();
  }
}
