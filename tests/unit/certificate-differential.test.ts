import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../server/certificates/parse-certificates.ts';
import { checkClientCertificate } from '../../server/rules/client-certificate.ts';
import { buildCorpus, type CorpusCase } from '../support/certificate-corpus.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { OpensslPki } from '../support/openssl-pki.ts';

/**
 * Portico's verdict against `openssl verify -x509_strict -purpose sslclient` on a corpus made by
 * openssl (issue 19). -partial_chain because the registry lists intermediate CAs too: a chain
 * ends at any accepted CA, as Portico's does. Every case where the two disagree must be listed,
 * with its reason, in decision 015; a difference not listed there, or listed but gone, fails.
 */

type Answer = 'accepts' | 'refuses';

const DECISION = path.join(projectRoot, 'docs', 'decisions', '015-certificate-checks-are-ours.md');

/** The rows `| \`case-id\` | Portico's answer | OpenSSL's answer | reason |` of decision 015. */
function documentedDifferences(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const match of readFileSync(DECISION, 'utf8').matchAll(/^\| `([a-z0-9-]+)` \| (accepts|refuses) \| (accepts|refuses) \| (.+) \|$/gm)) {
    if (match[4]?.trim()) rows[match[1] as string] = `Portico ${match[2]}, OpenSSL ${match[3]}`;
  }
  return rows;
}

let dir: string;
let corpus: CorpusCase[];

function pemFile(name: string, pems: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, pems.join(''));
  return file;
}

function opensslAnswer(item: CorpusCase): Answer {
  const args = [
    'verify',
    '-x509_strict',
    '-purpose',
    'sslclient',
    '-partial_chain',
    '-CAfile',
    pemFile(
      `${item.id}.trusted.pem`,
      item.trusted.map((c) => c.pem),
    ),
  ];
  if (item.chain.length > 0)
    args.push(
      '-untrusted',
      pemFile(
        `${item.id}.untrusted.pem`,
        item.chain.map((c) => c.pem),
      ),
    );
  try {
    execFileSync('openssl', [...args, pemFile(`${item.id}.leaf.pem`, [item.leaf.pem])], { stdio: ['ignore', 'pipe', 'pipe'] });
    return 'accepts';
  } catch {
    return 'refuses';
  }
}

async function porticoAnswer(item: CorpusCase, at: Date): Promise<Answer> {
  const leaf = parseCertificates(item.leaf.pem);
  const chain = parseCertificates(item.chain.map((c) => c.pem).join('') || item.leaf.pem);
  const trusted = parseCertificates(item.trusted.map((c) => c.pem).join(''));
  if (!leaf.ok || !chain.ok || !trusted.ok || !leaf.certificates[0]) return 'refuses';
  const anchors = trusted.certificates.map((certificate, index) => ({ name: item.trusted[index]?.name ?? '', certificate }));
  const report = await checkClientCertificate(leaf.certificates[0], item.chain.length > 0 ? chain.certificates : [], anchors, at);
  return report.verdict === 'acceptable' ? 'accepts' : 'refuses';
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-differential-'));
  corpus = buildCorpus(new OpensslPki(dir, { reuseKeys: true }), dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Portico and openssl verify -x509_strict -purpose sslclient', () => {
  it('the corpus has at least 60 certificates, each case named once', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((item) => item.id)).size).toBe(corpus.length);
  });

  it('agree on every case, except the differences decision 015 lists with their reason', async () => {
    const at = new Date();
    const differences: Record<string, string> = {};
    for (const item of corpus) {
      const [portico, openssl] = [await porticoAnswer(item, at), opensslAnswer(item)];
      if (portico !== openssl) differences[item.id] = `Portico ${portico}, OpenSSL ${openssl}`;
    }
    expect(differences).toEqual(documentedDifferences());
  });

  it('both accept the valid chains of the corpus, so a broken setup cannot pass as agreement', async () => {
    const at = new Date();
    for (const id of ['direct-good', 'via-intermediate-good', 'two-intermediates-reversed', 'unrelated-extras', 'p384-chain-good']) {
      const item = corpus.find((candidate) => candidate.id === id)!;
      expect([id, await porticoAnswer(item, at), opensslAnswer(item)]).toEqual([id, 'accepts', 'accepts']);
    }
  });
});
