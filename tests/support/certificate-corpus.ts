import { withAlteredSignature, withExtraExtension, withLongFormLength } from './der-surgery.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, type Credential, type OpensslPki } from './openssl-pki.ts';

/**
 * The differential corpus of issue 19: client certificates made by the `openssl` command, one
 * class of defect or tricky-but-valid chain each, judged by Portico and by `openssl verify`.
 */
export interface CorpusCase {
  id: string;
  leaf: Credential;
  /** What the uploader sends beside the leaf, in this order. */
  chain: Credential[];
  /** The accepted CAs (openssl's -CAfile). */
  trusted: Credential[];
}

const SUB_CA = [...CA_EXTENSIONS, 'authorityKeyIdentifier = keyid'];
const PATHLEN_0 = ['basicConstraints = critical, CA:TRUE, pathlen:0', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'];
const without = (prefix: string) => LEAF_EXTENSIONS.filter((line) => !line.startsWith(prefix));
const PAST = { startDate: '20200101000000Z', endDate: '20210101000000Z' };
const FUTURE = { startDate: '20350101000000Z', endDate: '20360101000000Z' };
/** DER of extensions openssl would merge: a second EKU (serverAuth), a second Key Usage (keyCertSign). */
const SECOND_EKU = '30130603551d25040c300a06082b06010505070301';
const SECOND_KEY_USAGE = '300e0603551d0f0101ff040403020204';

export function buildCorpus(pki: OpensslPki, dir: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const root = pki.selfSigned('Corpus Root');
  const ec = { key: 'ec:P-256' as const };
  const add = (id: string, leaf: Credential, chain: Credential[] = [], trusted: Credential[] = [root]) => cases.push({ id, leaf, chain, trusted });
  const leafOf = (name: string, issuer: Credential, options: Partial<Parameters<OpensslPki['issue']>[2]> = {}) =>
    pki.issue(name, issuer, { extensions: LEAF_EXTENSIONS, ...ec, ...options });
  const caOf = (name: string, issuer: Credential, options: Partial<Parameters<OpensslPki['issue']>[2]> = {}) =>
    pki.issue(name, issuer, { subject: `/CN=${name}`, extensions: SUB_CA, ...ec, ...options });
  const issuing = caOf('Corpus Issuing CA', root);

  // Keys and their sizes.
  for (const key of [
    'rsa:2047',
    'rsa:2048',
    'rsa:4096',
    'rsa:1024',
    'rsa-pss:2048',
    'ec:P-256',
    'ec:P-384',
    'ec:P-521',
    'ec:P-256-explicit',
    'ed25519',
  ] as const)
    add(`key-${key.replace(':', '-').toLowerCase()}`, leafOf(`key-${key.replace(':', '-')}`, root, { key }));

  // Signature hashes, in the leaf and in an intermediate.
  add('sig-sha1-leaf', leafOf('sig-sha1-leaf', root, { md: 'sha1' }));
  add('sig-md5-leaf', leafOf('sig-md5-leaf', root, { md: 'md5' }));
  add('sig-sha384-leaf', leafOf('sig-sha384-leaf', root, { md: 'sha384' }));
  const sha1Ca = caOf('Corpus SHA-1 CA', root, { md: 'sha1' });
  add('sig-sha1-intermediate', leafOf('under-sha1-ca', sha1Ca), [sha1Ca]);
  add('altered-signature', withAlteredSignature(dir, 'altered-signature', leafOf('altered-signature-base', root)));

  // Key Usage, Extended Key Usage, CA:TRUE.
  add('no-eku', leafOf('no-eku', root, { extensions: without('extendedKeyUsage') }));
  add('eku-server-only', leafOf('eku-server-only', root, { extensions: [...without('extendedKeyUsage'), 'extendedKeyUsage = serverAuth'] }));
  add('eku-any-only', leafOf('eku-any-only', root, { extensions: [...without('extendedKeyUsage'), 'extendedKeyUsage = anyExtendedKeyUsage'] }));
  add(
    'eku-client-and-server',
    leafOf('eku-client-server', root, { extensions: [...without('extendedKeyUsage'), 'extendedKeyUsage = clientAuth, serverAuth'] }),
  );
  add('no-key-usage', leafOf('no-key-usage', root, { extensions: without('keyUsage') }));
  add('ku-key-encipherment-only', leafOf('ku-key-encipherment', root, { extensions: [...without('keyUsage'), 'keyUsage = critical, keyEncipherment'] }));
  add('ku-not-critical', leafOf('ku-not-critical', root, { extensions: [...without('keyUsage'), 'keyUsage = digitalSignature'] }));
  add(
    'ca-true-leaf',
    leafOf('ca-true-leaf', root, {
      extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, digitalSignature, keyCertSign', 'extendedKeyUsage = clientAuth'],
    }),
  );
  add(
    'san-email-and-dns',
    leafOf('san-leaf', root, { extensions: [...LEAF_EXTENSIONS, 'subjectAltName = email:ops@partner.example, DNS:api.partner.example'] }),
  );

  // Validity edges.
  add('expired', leafOf('expired', root, PAST));
  add('not-yet-valid', leafOf('not-yet-valid', root, FUTURE));
  add('generalized-time-after-2049', leafOf('after-2049', root, { startDate: '20250101000000Z', endDate: '20510101000000Z' }));
  const expiredCa = caOf('Corpus Expired CA', root, PAST);
  add('expired-intermediate', leafOf('under-expired-ca', expiredCa), [expiredCa]);
  const futureCa = caOf('Corpus Future CA', root, FUTURE);
  add('not-yet-valid-intermediate', leafOf('under-future-ca', futureCa), [futureCa]);
  add('expired-accepted-ca', leafOf('under-expired-anchor', expiredCa), [], [expiredCa]);

  // Version 1 certificates.
  add('v1-leaf', leafOf('v1-leaf', root, { extensions: [] }));
  const v1Ca = caOf('Corpus v1 CA', root, { extensions: [] });
  add('v1-intermediate', leafOf('under-v1-ca', v1Ca, { extensions: without('authorityKeyIdentifier') }), [v1Ca]);

  // Extensions: critical ones Portico does not process, duplicates.
  add('critical-unknown-leaf', leafOf('critical-unknown', root, { extensions: [...LEAF_EXTENSIONS, '1.2.3.4 = critical, DER:0500'] }));
  const policiesCa = caOf('Corpus Critical Policies CA', root, { extensions: [...SUB_CA, '2.5.29.32 = critical, DER:3006300406022a03'] });
  add('critical-policies-intermediate', leafOf('under-critical-policies', policiesCa), [policiesCa]);
  const unknownCa = caOf('Corpus Critical Unknown CA', root, { extensions: [...SUB_CA, '1.2.3.5 = critical, DER:0500'] });
  add('critical-unknown-intermediate', leafOf('under-critical-unknown', unknownCa), [unknownCa]);
  add('critical-policies-leaf', leafOf('critical-policies-leaf', root, { extensions: [...LEAF_EXTENSIONS, '2.5.29.32 = critical, DER:3006300406022a03'] }));
  add('duplicate-eku-leaf', withExtraExtension(dir, 'duplicate-eku', leafOf('duplicate-eku-base', root), root, SECOND_EKU));
  const duplicateCa = withExtraExtension(dir, 'duplicate-ku-ca', caOf('Corpus Duplicate CA', root, { md: 'sha256', key: 'rsa:2048' }), root, SECOND_KEY_USAGE);
  add('duplicate-ku-intermediate', leafOf('under-duplicate-ca', duplicateCa), [duplicateCa]);

  addNameCases(pki, root, add, leafOf, caOf);
  addPathCases(pki, dir, root, issuing, add, leafOf, caOf);
  return cases;
}

type Add = (id: string, leaf: Credential, chain?: Credential[], trusted?: Credential[]) => void;
type Make = (name: string, issuer: Credential, options?: Partial<Parameters<OpensslPki['issue']>[2]>) => Credential;

function addNameCases(pki: OpensslPki, root: Credential, add: Add, leafOf: Make, caOf: Make): void {
  const constrained = caOf('Corpus Constrained CA', root, {
    subject: '/O=Broker Partner SA/CN=Corpus Constrained CA',
    extensions: [
      ...SUB_CA,
      'nameConstraints = critical, permitted;dirName:nc_dir, permitted;DNS:partner.example, excluded;DNS:forbidden.partner.example',
      '[ nc_dir ]',
      'O = Broker Partner SA',
    ],
  });
  const under = (id: string, subject: string, san?: string) =>
    add(id, leafOf(id, constrained, { subject, extensions: san ? [...LEAF_EXTENSIONS, `subjectAltName = ${san}`] : LEAF_EXTENSIONS }), [constrained]);
  under('nc-directory-inside', '/O=Broker Partner SA/CN=nc-inside');
  under('nc-directory-outside', '/O=Other Company SA/CN=nc-outside');
  under('nc-dns-inside', '/O=Broker Partner SA/CN=nc-dns-inside', 'DNS:api.partner.example');
  under('nc-dns-excluded', '/O=Broker Partner SA/CN=nc-dns-excluded', 'DNS:api.forbidden.partner.example');
  under('nc-dns-outside', '/O=Broker Partner SA/CN=nc-dns-outside', 'DNS:api.elsewhere.example');
  under('nc-directory-case', '/O=BROKER PARTNER SA/CN=nc-case');
  const excludedRoot = pki.selfSigned('Corpus Excluding Root', {
    subject: '/CN=Corpus Excluding Root',
    extensions: [...CA_EXTENSIONS, 'nameConstraints = critical, excluded;dirName:nc_bad', '[ nc_bad ]', 'O = Banned SA'],
  });
  const subCa = caOf('Corpus Sub CA Below Constraint', excludedRoot, { subject: '/O=Fine SA/CN=Corpus Sub CA Below Constraint' });
  add('nc-binds-two-levels-down', leafOf('nc-deep', subCa, { subject: '/O=Banned SA/CN=nc-deep' }), [subCa], [excludedRoot]);
  add('nc-two-levels-fine', leafOf('nc-deep-fine', subCa, { subject: '/O=Fine SA/CN=nc-deep-fine' }), [subCa], [excludedRoot]);
}

function addPathCases(pki: OpensslPki, dir: string, root: Credential, issuing: Credential, add: Add, leafOf: Make, caOf: Make): void {
  add('direct-good', leafOf('direct-good', root));
  add('via-intermediate-good', leafOf('via-intermediate', issuing), [issuing]);
  add('accepted-intermediate-anchor', leafOf('under-accepted-intermediate', issuing), [], [issuing]);
  const second = caOf('Corpus Second Level CA', issuing);
  const deep = leafOf('two-levels', second);
  add('two-intermediates-good', deep, [second, issuing]);
  add('two-intermediates-reversed', deep, [issuing, second]);
  const stranger = pki.selfSigned('Corpus Stranger Root', { freshKey: true, key: 'ec:P-256' });
  const strangerCa = caOf('Corpus Stranger CA', stranger, { freshKey: true });
  add('unrelated-extras', deep, [strangerCa, issuing, stranger, second]);
  add('missing-intermediate', deep, [second]);
  add('unknown-root', leafOf('under-stranger', stranger), [stranger]);
  add('unknown-root-not-sent', leafOf('under-stranger-2', stranger));
  add('self-signed-leaf', pki.selfSigned('self-signed-leaf', { extensions: without('authorityKeyIdentifier'), key: 'ec:P-256' }));
  const strict = pki.selfSigned('Corpus PathLen Root', { extensions: PATHLEN_0, freshKey: true });
  const strictSub = caOf('Corpus Under PathLen 0', strict);
  add('pathlen-0-exceeded', leafOf('too-deep', strictSub), [strictSub], [strict]);
  add('pathlen-0-direct', leafOf('pathlen-direct', strict), [], [strict]);
  const rollover = pki.issue('rollover-new-key', strict, {
    subject: '/CN=Corpus PathLen Root',
    freshKey: true,
    extensions: [...PATHLEN_0, 'authorityKeyIdentifier = keyid'],
  });
  add('self-issued-rollover', leafOf('under-rollover', rollover), [rollover], [strict]);
  const notCa = caOf('Corpus Not A CA', root, { extensions: ['basicConstraints = CA:FALSE', 'keyUsage = critical, keyCertSign, digitalSignature'] });
  add('issuer-not-ca', leafOf('under-not-ca', notCa), [notCa]);
  const noSign = caOf('Corpus No CertSign CA', root, {
    extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, cRLSign, digitalSignature'],
  });
  add('issuer-no-keycertsign', leafOf('under-no-certsign', noSign), [noSign]);
  const upper = caOf('Corpus ACME CA', root, { subject: '/CN=CORPUS ACME CA/O=Acme' });
  const lower = caOf('corpus-acme-lower', root, { subject: '/CN=corpus  acme ca/O=ACME', keyFrom: upper });
  add('issuer-name-case-and-space', leafOf('under-acme', upper), [lower]);
  const expiredCopy = caOf('corpus-expired-copy', root, {
    subject: '/CN=Corpus Issuing CA',
    keyFrom: issuing,
    startDate: '20200101000000Z',
    endDate: '20210101000000Z',
  });
  const viaIssuing = leafOf('backtrack', issuing);
  add('expired-copy-listed-first', viaIssuing, [expiredCopy, issuing]);
  add('only-expired-copy', viaIssuing, [expiredCopy]);
  const crossCopy = caOf('corpus-cross-copy', stranger, { subject: '/CN=Corpus Issuing CA', keyFrom: issuing });
  add('cross-signed-copy-listed-first', viaIssuing, [crossCopy, stranger, issuing]);
  add('only-cross-signed-copy', viaIssuing, [crossCopy, stranger]);
  const loopA = pki.selfSigned('Corpus Loop A', { freshKey: true, key: 'ec:P-256' });
  const loopB = caOf('Corpus Loop B', loopA, { freshKey: true });
  const loopA2 = caOf('corpus-loop-a2', loopB, { subject: '/CN=Corpus Loop A', keyFrom: loopA });
  add('issuer-loop', leafOf('in-loop', loopA), [loopA2, loopB]);
  add('ber-outer-length-leaf', withLongFormLength(dir, 'ber-leaf', leafOf('ber-leaf-base', root)));
  add('ber-outer-length-intermediate', leafOf('under-ber-ca', issuing), [withLongFormLength(dir, 'ber-ca', issuing)]);
  const p384Root = pki.selfSigned('Corpus P-384 Root', { key: 'ec:P-384' });
  add('p384-chain-good', leafOf('p384-leaf', p384Root, { key: 'ec:P-384', md: 'sha384' }), [], [p384Root]);
}
