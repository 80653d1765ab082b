import { X509Certificate as NodeCertificate } from 'node:crypto';
import { x509 } from './parse-certificates.ts';

/**
 * What the platform team reads of a CA certificate before accepting it (issue 17 item 3): who it
 * is, who issued it, its dates, its fingerprint, the policies it asserts and whether it is a
 * root. Read from the stored PEM, so a request made before these facts were shown has them too.
 */
interface CaCertificateFacts {
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  sha256: string;
  /** Every policy OID of the certificatePolicies extension, in its order. */
  policyOids: string[];
  /** Those that are EV policies: the CA/Browser Forum's (2.23.140.1.1) and any the last CCADB report lists as a CA's EV policy. */
  evPolicyOids: string[];
  /** Self-signed: its subject is its issuer and its own key verifies its signature (OpenSSL's check, decision 015). */
  root: boolean;
}

const CABF_EV = '2.23.140.1.1';

/** `knownEvOids`: the EV policy OIDs of the last CCADB import (a CA's own EV OID is known only from its CP, or that report). */
export function caCertificateFacts(pem: string, knownEvOids: ReadonlySet<string> = new Set()): CaCertificateFacts {
  const certificate = new x509.X509Certificate(pem);
  const native = new NodeCertificate(pem);
  const policyOids = [...(certificate.getExtension(x509.CertificatePolicyExtension)?.policies ?? [])];
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore: certificate.notBefore.getTime(),
    notAfter: certificate.notAfter.getTime(),
    sha256: native.fingerprint256.replace(/:/g, '').toLowerCase(),
    policyOids,
    evPolicyOids: policyOids.filter((oid) => oid === CABF_EV || knownEvOids.has(oid)),
    root: native.checkIssued(native) && native.verify(native.publicKey),
  };
}
