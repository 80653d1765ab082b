import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Certificates made by the `openssl` command (not our code), for certificate tests. */
export interface Credential {
  name: string;
  certFile: string;
  keyFile: string;
  pem: string;
}

interface IssueOptions {
  /** Extension lines, e.g. ["basicConstraints = CA:FALSE", "keyUsage = digitalSignature"]. */
  extensions: string[];
  key?: 'rsa:2048' | 'rsa:1024' | 'ec:P-256' | 'ec:P-384';
  md?: 'sha256' | 'sha1';
  startDate?: string;
  endDate?: string;
}

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

  constructor(readonly dir: string) {
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

  private keyArgs(key: IssueOptions['key'] = 'rsa:2048'): string[] {
    if (key.startsWith('ec:')) {
      const curve = key === 'ec:P-384' ? 'secp384r1' : 'prime256v1';
      return ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`];
    }
    return ['-newkey', key];
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
      ...this.keyArgs(options.key),
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-subj',
      `/CN=${name}`,
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
      ...this.keyArgs(options.key),
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}/O=Broker Partner SA`,
      '-config',
      path.join(this.dir, 'ca.cnf'),
    ]);
    const dates = options.startDate && options.endDate ? ['-startdate', options.startDate, '-enddate', options.endDate] : ['-days', '365'];
    this.openssl([
      'ca',
      '-batch',
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
      '-extfile',
      this.extFile(name, options.extensions),
      '-extensions',
      'ext',
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
