import { readFile } from 'node:fs/promises';
import { bundledAcceptedAnchors } from '../certificates/accepted-cas.ts';
import { parseCertificates, type x509 } from '../certificates/parse-certificates.ts';
import { checkClientCertificate, type TrustAnchor } from '../rules/client-certificate.ts';
import { UsageError } from './usage-error.ts';

/**
 * portico cert check FILE [--chain FILE] [--at ISO-DATE] [--trust FILE] [--json]
 * exit 0: acceptable · 1: not acceptable · 2: unusable input.
 */
export async function runCertCommand(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number> {
  const [subcommand, file] = positionals;
  if (subcommand !== 'check' || !file) throw new UsageError('usage: portico cert check FILE [--chain FILE] [--at ISO-DATE] [--trust FILE] [--json]');
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
  const verdict = await checkClientCertificate(leaf, chain, anchors, at);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
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
