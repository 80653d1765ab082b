import type { CcadbEntry } from '../certificates/ccadb-report.ts';

/**
 * The registry against the last CCADB Included CA Certificate Report (issue 17 item 4). Pure:
 * the registry's CAs, the report's rows and today in; per CA what the report says of it and the
 * warnings out. A CA is found in the report by its SHA-256 only (a name is no identity: decision
 * 031's pins). The report lists Mozilla's included roots, so an intermediate CA is never in it
 * and is not warned about; a CA without its certificate has nothing to compare yet.
 */

export interface RegistryCaFacts {
  id: string;
  name: string;
  sha256: string | null;
  /** Self-signed; null without a certificate. */
  root: boolean | null;
  /** The registry accepted it as an audited EV CA. */
  ev: boolean;
  retired: boolean;
}

export const CCADB_WARNINGS = ['missing', 'no_tls_trust', 'tls_distrusted', 'tls_distrust_announced', 'lost_ev'] as const;
type CcadbWarningKind = (typeof CCADB_WARNINGS)[number];

interface CcadbWarning {
  caId: string;
  name: string;
  kind: CcadbWarningKind;
  words: string;
}

interface CcadbStanding {
  caId: string;
  /** null: not comparable (no certificate yet, or an intermediate CA, which the report does not list). */
  inReport: boolean | null;
  inReportWords: string;
  trustBits: string[];
  trustWords: string;
  evPolicyOids: string[];
  evWords: string;
  tlsDistrustAfter: string | null;
}

const TRUST_WORDS: Record<string, string> = { Websites: 'TLS (websites)', Email: 'S/MIME (email)' };

export function compareWithCcadb(
  cas: readonly RegistryCaFacts[],
  entries: readonly CcadbEntry[],
  now: number,
): { cas: CcadbStanding[]; warnings: CcadbWarning[] } {
  const bySha = new Map(entries.map((entry) => [entry.sha256, entry]));
  const standings: CcadbStanding[] = [];
  const warnings: CcadbWarning[] = [];
  for (const ca of cas) {
    const entry = ca.sha256 ? bySha.get(ca.sha256.toLowerCase()) : undefined;
    standings.push(standingOf(ca, entry));
    // A retired CA accepts nothing any more: what the report says of it changes nothing.
    if (!ca.retired) warnings.push(...warningsOf(ca, entry, now).map(({ kind, words }) => ({ caId: ca.id, name: ca.name, kind, words })));
  }
  return { cas: standings, warnings };
}

function standingOf(ca: RegistryCaFacts, entry: CcadbEntry | undefined): CcadbStanding {
  const inReport = entry ? true : ca.sha256 === null || ca.root === false ? null : false;
  return {
    caId: ca.id,
    inReport,
    inReportWords: entry
      ? 'yes'
      : ca.sha256 === null
        ? 'not compared: no certificate yet'
        : ca.root === false
          ? 'not listed: an intermediate CA (the report lists roots)'
          : 'no',
    trustBits: entry?.trustBits ?? [],
    trustWords: entry ? trustWords(entry.trustBits) : '—',
    evPolicyOids: entry?.evPolicyOids ?? [],
    evWords: entry ? (entry.evPolicyOids.length > 0 ? `EV (${entry.evPolicyOids.join(', ')})` : 'not EV') : '—',
    tlsDistrustAfter: entry?.tlsDistrustAfter ?? null,
  };
}

function trustWords(bits: readonly string[]): string {
  if (bits.length === 0) return 'no trust bits';
  return bits.map((bit) => TRUST_WORDS[bit] ?? bit).join(' and ');
}

function warningsOf(ca: RegistryCaFacts, entry: CcadbEntry | undefined, now: number): Array<{ kind: CcadbWarningKind; words: string }> {
  if (!entry) {
    if (ca.sha256 === null || ca.root === false) return [];
    return [{ kind: 'missing', words: `${ca.name} is not in the CCADB report: Mozilla does not include this root (removed, or never included).` }];
  }
  const found: Array<{ kind: CcadbWarningKind; words: string }> = [];
  if (!entry.trustBits.includes('Websites'))
    found.push({ kind: 'no_tls_trust', words: `${ca.name} has lost TLS trust: the report gives it ${trustWords(entry.trustBits)} only.` });
  if (entry.tlsDistrustAfter !== null) {
    const passed = Date.parse(`${entry.tlsDistrustAfter}T00:00:00Z`) <= now;
    found.push(
      passed
        ? { kind: 'tls_distrusted', words: `${ca.name} has lost TLS trust: Mozilla distrusts TLS certificates it issued after ${entry.tlsDistrustAfter}.` }
        : {
            kind: 'tls_distrust_announced',
            words: `${ca.name} will lose TLS trust: Mozilla distrusts TLS certificates it issues after ${entry.tlsDistrustAfter}.`,
          },
    );
  }
  if (ca.ev && entry.evPolicyOids.length === 0)
    found.push({
      kind: 'lost_ev',
      words: `${ca.name} has lost EV status: the report lists no EV policy for it, and the registry accepts audited EV CAs only.`,
    });
  return found;
}
