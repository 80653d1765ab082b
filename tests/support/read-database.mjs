// Reads a database file in a process of its own, so no connection outlives the read (libSQL's
// close() lets go of the file only at garbage collection, which would look like a running server
// to `portico restore`).
//   node tests/support/read-database.mjs FILE dump   → {"<table>": "<rows>:<sha256 of the rows>", "(schema)": …}
//   node tests/support/read-database.mjs FILE query SQL → the rows as JSON
import { createHash } from 'node:crypto';
import { createClient } from '@libsql/client';

const [file, mode, sql] = process.argv.slice(2);
const client = createClient({ url: `file:${file}`, intMode: 'number', concurrency: 1 });

/** Order-free (VACUUM may renumber rowids): the sorted JSON lines of every row. */
function hashRows(rows) {
  const lines = Array.from(rows, (row) => JSON.stringify(row)).sort();
  return `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
}

try {
  if (mode === 'dump') {
    const schema = (await client.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")).rows;
    const dump = { '(schema)': hashRows(schema) };
    for (const row of schema.filter((entry) => entry.type === 'table')) dump[row.name] = hashRows((await client.execute(`SELECT * FROM "${row.name}"`)).rows);
    process.stdout.write(JSON.stringify(dump));
  } else {
    process.stdout.write(JSON.stringify((await client.execute(sql)).rows.map((row) => ({ ...row }))));
  }
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
} finally {
  client.close();
}
