import { readFile } from 'node:fs/promises';
import { bundledAcceptedAnchors } from '../certificates/accepted-cas.ts';
import { parseCertificates, type x509 } from '../certificates/parse-certificates.ts';
import { checkClientCertificate, type IssuerPolicy, type TrustAnchor } from '../rules/client-certificate.ts';
import { UsageError } from './usage-error.ts';

/**
 * portico cert check FILE [--chain FILE] [--at ISO-DATE] [--trust FILE] [--issuer-policy chain_to_listed|issuer_listed] [--json]
 * exit 0: acceptable · 1: not acceptable · 2: unusable input. --json: the verdict and one entry per
 * rule (its id, ok, the reason in words and the detail), as the upload answers it.
 */
const ISSUER_POLICIES: IssuerPolicy[] = ['chain_to_listed', 'issuer_listed'];

export async function runCertCommand(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number> {
  const [subcommand, file] = positionals;
  if (subcommand !== 'check' || !file)
    throw new UsageError(
      'usage: portico cert check FILE [--chain FILE] [--at ISO-DATE] [--trust FILE] [--issuer-policy chain_to_listed|issuer_listed] [--json]',
    );
  const issuerPolicy = (values['issuer-policy'] ?? 'chain_to_listed') as IssuerPolicy;
  if (!ISSUER_POLICIES.includes(issuerPolicy))
    return unusable(`--issuer-policy must be ${ISSUER_POLICIES.join(' or ')} (got "${String(values['issuer-policy'])}")`);
  const at = typeof values.at === 'string' ? new Date(values.at) : new Date();
  if (Number.isNaN(at.getTime())) return unusable(`--at must be a date such as 2027-01-01T00:00:00Z (got "${String(values.at)}")`);
  const loaded = await readCertificates(file);
  if (!loaded.ok) return unusable(loaded.message);
  const [leaf, ...bundled] = loaded.certificates;
  if (!leaf) return unusable(`${file} holds no certificate`);
  let chain = bundled;
  if (typeof values.chain === 'string') {
    const extra = await readCertificates(values.chain);
    if (!extra.ok) return unusable(extra.message);
    chain = [...chain, ...extra.certificates];
  }
  let anchors: TrustAnchor[] = bundledAcceptedAnchors();
  if (typeof values.trust === 'string') {
    const trusted = await readCertificates(values.trust);
    if (!trusted.ok) return unusable(trusted.message);
    anchors = trusted.certificates.map((certificate) => ({ name: /(?:^|,\s*)CN=([^,]+)/.exec(certificate.subject)?.[1] ?? certificate.subject, certificate }));
  }
  const verdict = await checkClientCertificate(leaf, chain, anchors, at, { issuerPolicy });
  if (values.json) {
    // The chain failure's cause is the verdict's business (as in the upload's answer), not a reason.
    const checks = verdict.checks.map(({ cause: _cause, ...check }) => check);
    process.stdout.write(`${JSON.stringify({ ...verdict, checks }, null, 2)}\n`);
  } else {
    process.stdout.write(`${verdict.acceptable ? 'ACCEPTABLE' : 'NOT ACCEPTABLE'}: ${verdict.summary.subject}\n`);
    process.stdout.write(
      `  issuer ${verdict.summary.issuer} · serial ${verdict.summary.serialNumber}\n  valid ${verdict.summary.notBefore} → ${verdict.summary.notAfter}\n  SHA-256 ${verdict.summary.sha256}\n\n`,
    );
    for (const check of verdict.checks)
      process.stdout.write(`  ${check.ok ? '✓' : '✗'} ${check.message}${check.detail && !check.ok ? ` [${check.detail}]` : ''}\n`);
  }
  return verdict.acceptable ? 0 : 1;
}

async function readCertificates(file: string): Promise<{ ok: true; certificates: x509.X509Certificate[] } | { ok: false; message: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return { ok: false, message: `cannot read ${file}` };
  }
  const parsed = parseCertificates(bytes);
  return parsed.ok ? parsed : { ok: false, message: `${file}: ${parsed.message}` };
}

function unusable(message: string): number {
  process.stderr.write(`portico: ${message}\n`);
  return 2;
}
