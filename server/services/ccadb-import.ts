import { desc, eq, sql } from 'drizzle-orm';
import { caCertificateFacts } from '../certificates/ca-facts.ts';
import { parseCcadbReport, type CcadbEntry } from '../certificates/ccadb-report.ts';
import { writeTransaction } from '../db/client.ts';
import { ccadbImports, certificateAuthorities, users, type CcadbImport } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { compareWithCcadb } from '../rules/ccadb-comparison.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/** The real report is a few hundred KB; four times that leaves room and still refuses a runaway upload. */
export const CCADB_MAX_BYTES = 4 * 1024 * 1024;

/** Two imports in the same millisecond: the one inserted last. */
const LATEST_FIRST = [desc(ccadbImports.importedAt), desc(sql`${ccadbImports}.rowid`)];

interface ImportInput {
  text: string;
  /** The platform member who imports it; null from the command line without --by. */
  actorId: string | null;
  via: CcadbImport['via'];
  fileName: string | null;
}

/**
 * The platform team imports the CCADB Included CA Certificate Report (issue 17 item 4): parsed
 * whole before anything is written, so a file refused changes nothing; stored with who and when,
 * audited in the same transaction.
 */
export async function importCcadbReport(context: ServiceContext, input: ImportInput): Promise<Result<{ imported: CcadbImport }, 'invalid_input'>> {
  const parsed = parseCcadbReport(input.text);
  if (!parsed.ok) return failure('invalid_input', `${parsed.message} Nothing was imported.`);
  const now = context.now();
  const imported: CcadbImport = {
    id: newId('cci'),
    importedBy: input.actorId,
    via: input.via,
    fileName: input.fileName,
    entries: JSON.stringify(parsed.entries),
    entryCount: parsed.entries.length,
    importedAt: now,
  };
  await writeTransaction(context.db, async (tx) => {
    await tx.insert(ccadbImports).values(imported);
    await appendAudit(
      tx,
      {
        actorId: input.actorId,
        action: 'ca_registry.ccadb_imported',
        targetType: 'ccadb_import',
        targetId: imported.id,
        reason: `${parsed.entries.length} certificates in the report${input.fileName ? ` (${input.fileName})` : ''}, ${input.via === 'upload' ? 'uploaded' : 'from the command line'}`,
      },
      now,
    );
  });
  return { ok: true, imported };
}

/** The registry against the latest import: per CA what the report says, and the warnings; null before any import. */
export async function ccadbStanding(context: ServiceContext) {
  const [latest] = await context.db
    .select({ report: ccadbImports, importer: { fullName: users.fullName } })
    .from(ccadbImports)
    .leftJoin(users, eq(users.id, ccadbImports.importedBy))
    .orderBy(...LATEST_FIRST)
    .limit(1);
  if (!latest) return null;
  const entries = JSON.parse(latest.report.entries) as CcadbEntry[];
  const rows = await context.db.select().from(certificateAuthorities);
  const facts = rows.map((ca) => ({
    id: ca.id,
    name: ca.name,
    sha256: ca.sha256,
    root: ca.certificatePem ? caCertificateFacts(ca.certificatePem).root : null,
    ev: ca.ev,
    retired: ca.retiredAt !== null,
  }));
  const { cas, warnings } = compareWithCcadb(facts, entries, context.now());
  const { id, via, fileName, entryCount, importedAt } = latest.report;
  return {
    report: { id, via, fileName, entryCount, importedAt, importedBy: latest.importer?.fullName ?? null },
    cas: cas.map((standing) => ({ ...standing, name: facts.find((ca) => ca.id === standing.caId)?.name ?? '' })),
    warnings,
  };
}
/** The EV policy OIDs the latest report lists, any CA's: how a requested CA's own EV OID is recognised. */
export async function knownEvPolicyOids(context: ServiceContext): Promise<Set<string>> {
  const [latest] = await context.db
    .select({ entries: ccadbImports.entries })
    .from(ccadbImports)
    .orderBy(...LATEST_FIRST)
    .limit(1);
  const entries = latest ? (JSON.parse(latest.entries) as CcadbEntry[]) : [];
  return new Set(entries.flatMap((entry) => entry.evPolicyOids));
}
