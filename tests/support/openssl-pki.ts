import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Certificates made by the `openssl` command (not our code), for certificate tests. */
export interface Credential {
  name: string;
  certFile: string;
  keyFile: string;
  pem: string;
}

type KeySpec = 'rsa:2048' | 'rsa:1024' | 'rsa:2047' | 'rsa:4096' | 'rsa-pss:2048' | 'ec:P-256' | 'ec:P-384' | 'ec:P-521' | 'ec:P-256-explicit' | 'ed25519';

interface IssueOptions {
  /** Extension lines, e.g. ["basicConstraints = CA:FALSE", "keyUsage = digitalSignature"]. None: a version 1 certificate. */
  extensions: string[];
  key?: KeySpec;
  /** The key of another credential (a re-issued or cross-signed CA keeps its key). */
  keyFrom?: Credential;
  /** A key of its own even when the PKI reuses keys (a CA's roll-over to a new key). */
  freshKey?: boolean;
  /** The subject as openssl's -subj takes it; `/CN=<name>/O=Broker Partner SA` by default. */
  subject?: string;
  md?: 'sha256' | 'sha1' | 'md5' | 'sha384';
  startDate?: string;
  endDate?: string;
}

/** openssl genpkey arguments for each key kind. */
const GENPKEY: Record<KeySpec, string[]> = {
  'rsa:1024': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
  'rsa:2047': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2047'],
  'rsa:2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa:4096': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
  'rsa-pss:2048': ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'ec:P-256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
  'ec:P-384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp384r1'],
  'ec:P-521': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp521r1'],
  'ec:P-256-explicit': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-pkeyopt', 'ec_param_enc:explicit'],
  ed25519: ['-algorithm', 'ED25519'],
};

export const LEAF_EXTENSIONS = [
  'basicConstraints = CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = clientAuth',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid',
];
export const CA_EXTENSIONS = ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'];

export class OpensslPki {
  private counter = 0;

  /** `reuseKeys`: one key per kind, made once and copied (fast corpora); otherwise a new key per certificate. */
  constructor(
    readonly dir: string,
    private readonly options: { reuseKeys?: boolean } = {},
  ) {
    mkdirSync(path.join(dir, 'db'), { recursive: true });
    writeFileSync(path.join(dir, 'db', 'index.txt'), '');
    writeFileSync(path.join(dir, 'db', 'serial'), '1000\n');
    writeFileSync(
      path.join(dir, 'ca.cnf'),
      [
        '[ ca ]',
        'default_ca = test',
        '[ test ]',
        'dir = .',
        'database = ./db/index.txt',
        'serial = ./db/serial',
        'new_certs_dir = ./db',
        'default_md = sha256',
        'policy = any',
        'unique_subject = no',
        'copy_extensions = none',
        '[ any ]',
        'commonName = supplied',
        'organizationName = optional',
        'organizationalUnitName = optional',
        'countryName = optional',
        '[ req ]',
        'distinguished_name = dn',
        '[ dn ]',
        '',
      ].join('\n'),
    );
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Writes `<name>.key` (new, reused or another credential's) and returns req's arguments for it. */
  private keyArgs(name: string, options: Partial<IssueOptions>): string[] {
    const keyFile = `${name}.key`;
    const spec = options.key ?? 'rsa:2048';
    if (options.keyFrom) copyFileSync(options.keyFrom.keyFile, path.join(this.dir, keyFile));
    else if (this.options.reuseKeys && !options.freshKey) {
      const shared = path.join(this.dir, `shared-${spec.replace(/[^a-z0-9-]/gi, '_')}.key`);
      if (!existsSync(shared)) this.openssl(['genpkey', ...GENPKEY[spec], '-out', shared]);
      copyFileSync(shared, path.join(this.dir, keyFile));
    } else this.openssl(['genpkey', ...GENPKEY[spec], '-out', keyFile]);
    return ['-key', keyFile];
  }

  private extFile(name: string, extensions: string[]): string {
    const file = path.join(this.dir, `ext-${name}.cnf`);
    writeFileSync(file, `[ ext ]\n${extensions.join('\n')}\n`);
    return file;
  }

  private credential(name: string): Credential {
    const certFile = path.join(this.dir, `${name}.pem`);
    return { name, certFile, keyFile: path.join(this.dir, `${name}.key`), pem: readFileSync(certFile, 'utf8') };
  }

  /** A self-signed root (or a self-signed leaf, with leaf extensions). */
  selfSigned(name: string, options: Partial<IssueOptions> = {}): Credential {
    const extensions = options.extensions ?? CA_EXTENSIONS;
    const config = path.join(this.dir, `req-${name}.cnf`);
    writeFileSync(config, `[ req ]\ndistinguished_name = dn\n[ dn ]\n[ ext ]\n${extensions.join('\n')}\n`);
    this.openssl([
      'req',
      '-x509',
      '-new',
      ...this.keyArgs(name, options),
      '-out',
      `${name}.pem`,
      '-subj',
      options.subject ?? `/CN=${name}`,
      '-days',
      '3650',
      '-config',
      config,
      '-extensions',
      'ext',
      `-${options.md ?? 'sha256'}`,
    ]);
    return this.credential(name);
  }

  issue(name: string, issuer: Credential, options: IssueOptions): Credential {
    this.counter++;
    this.openssl([
      'req',
      '-new',
      ...this.keyArgs(name, options),
      '-out',
      `${name}.csr`,
      '-subj',
      options.subject ?? `/CN=${name}/O=Broker Partner SA`,
      '-config',
      path.join(this.dir, 'ca.cnf'),
    ]);
    const dates = options.startDate && options.endDate ? ['-startdate', options.startDate, '-enddate', options.endDate] : ['-days', '365'];
    this.openssl([
      'ca',
      '-batch',
      // The subject in the order given, not the policy's.
      '-preserveDN',
      '-notext',
      '-config',
      'ca.cnf',
      '-cert',
      issuer.certFile,
      '-keyfile',
      issuer.keyFile,
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-md',
      options.md ?? 'sha256',
      ...(options.extensions.length > 0 ? ['-extfile', this.extFile(name, options.extensions), '-extensions', 'ext'] : []),
      ...dates,
    ]);
    return this.credential(name);
  }

  /** What `openssl verify -purpose sslclient` says, for comparison. */
  opensslVerify(leaf: Credential, trusted: Credential[], untrusted: Credential[] = []): boolean {
    const trustFile = path.join(this.dir, `trust-${++this.counter}.pem`);
    writeFileSync(trustFile, trusted.map((credential) => credential.pem).join(''));
    const args = ['verify', '-purpose', 'sslclient', '-CAfile', trustFile];
    if (untrusted.length > 0) {
      const untrustedFile = path.join(this.dir, `untrusted-${this.counter}.pem`);
      writeFileSync(untrustedFile, untrusted.map((credential) => credential.pem).join(''));
      args.push('-untrusted', untrustedFile);
    }
    try {
      this.openssl([...args, leaf.certFile]);
      return true;
    } catch {
      return false;
    }
  }
}
