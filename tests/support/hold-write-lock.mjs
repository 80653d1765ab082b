// Another process holding the database's write lock, as a second instance or a long migration
// would: BEGIN IMMEDIATE and keep it.
//   node tests/support/hold-write-lock.mjs FILE stdin   → holds until a line arrives on stdin
//   node tests/support/hold-write-lock.mjs FILE <ms>    → holds for that many milliseconds
// Prints `locked <epoch ms>` once it holds the lock and `released <epoch ms>` after it let go.
import { createClient } from '@libsql/client';

const [file, hold] = process.argv.slice(2);
const client = createClient({ url: `file:${file}`, concurrency: 1 });
const transaction = await client.transaction('write');
await transaction.execute('SELECT count(*) FROM sqlite_master');
process.stdout.write(`locked ${Date.now()}\n`);

await new Promise((resolve) => {
  if (hold === 'stdin') process.stdin.once('data', resolve);
  else setTimeout(resolve, Number(hold));
});
await transaction.rollback();
process.stdout.write(`released ${Date.now()}\n`);
client.close();
process.exit(0);
