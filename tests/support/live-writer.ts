/**
 * A second process writing to a Portico database without pause, through the real services:
 * a consumer asks for the Claims documentation (doc_access row + audit event + owner email,
 * one transaction), then withdraws (status + audit event). Run as
 * `node --import tsx tests/support/live-writer.ts FILE`; prints `ready` once writing, and on
 * SIGTERM finishes its transaction, closes the database and prints how many rounds it made.
 */
import { migrateDatabase, openDatabase } from '../../server/db/client.ts';
import { users, type User } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { decideDocAccess, requestDocAccess } from '../../server/services/doc-access.ts';
import { syntheticSite } from './synthetic-site.ts';
import { TEST_APIS } from './test-portal.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: live-writer.ts DATABASE_FILE');
const handle = await openDatabase(`file:${file}`);
await migrateDatabase(handle);
const context: ServiceContext = createServiceContext({
  db: handle.db,
  siteUrl: 'http://portal.test',
  manifest: syntheticSite(TEST_APIS).manifest,
  now: Date.now,
});

const now = Date.now();
const suffix = `${process.pid}-${now}`;
const user: User = {
  id: newId('usr'),
  email: `writer-${suffix}@broker-partner.example`,
  username: `writer-${suffix}`,
  fullName: 'Wendy Writer',
  company: 'Broker Partner SA',
  passwordHash: 'not-a-real-hash',
  role: 'consumer',
  emailVerifiedAt: now,
  guidelinesAcceptedAt: now,
  ownerConfirmedAt: null,
  ownerConfirmedBy: null,
  identityProvider: null,
  identitySubject: null,
  staffGroups: null,
  localStaffAt: null,
  createdAt: now,
};
await handle.db.insert(users).values(user);

let stopping = false;
let rounds = 0;
process.on('SIGTERM', () => {
  stopping = true;
});

process.stdout.write('ready\n');
while (!stopping) {
  const requested = await requestDocAccess(context, user, 'claims', `Round ${rounds}: a claims declaration app for our brokers.`);
  if (!requested.ok) throw new Error(`request refused: ${requested.message}`);
  const withdrawn = await decideDocAccess(context, user.id, requested.access.id, 'withdraw');
  if (!withdrawn.ok) throw new Error(`withdraw refused: ${withdrawn.message}`);
  rounds += 1;
  // Let the SIGTERM handler run between rounds.
  await new Promise((resolve) => setImmediate(resolve));
}
handle.close();
process.stdout.write(`stopped after ${rounds} rounds\n`);
