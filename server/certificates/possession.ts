import { X509Certificate, constants, randomBytes, verify, type KeyObject } from 'node:crypto';

/**
 * Proof that whoever uploaded a certificate holds its private key: a signature over a random
 * challenge, checked with the certificate's public key. A certificate is public, so without
 * this anyone could upload another company's and have it approved as their identity.
 */

/** 32 random bytes, base64url: safe to paste in a shell between single quotes. */
export function newPossessionChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** A P-384 DER signature is ~104 bytes and RSA-4096 512: base64 of far less than this. */
export const MAX_SIGNATURE_CHARS = 2048;

type SignatureVerdict = { ok: true } | { ok: false; code: 'unreadable' | 'bad_signature'; message: string };

const SUPPORTED_CURVES = new Set(['prime256v1', 'secp384r1']);

function supportedKey(key: KeyObject): boolean {
  if (key.asymmetricKeyType === 'rsa') return true;
  return key.asymmetricKeyType === 'ec' && SUPPORTED_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '');
}

/**
 * `openssl dgst -sha256 -sign client.key -out sig.bin challenge.txt`, base64: RSA PKCS#1 v1.5
 * or ECDSA (P-256/P-384, DER as openssl writes it) with SHA-256. The challenge file may end
 * with the newline `echo` adds; nothing else is accepted.
 */
export function checkPossessionSignature(certificatePem: string, challenge: string, signatureBase64: string): SignatureVerdict {
  const compact = signatureBase64.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > MAX_SIGNATURE_CHARS || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return { ok: false, code: 'unreadable', message: 'Paste the signature as base64 (the output of `base64 sig.bin`).' };
  }
  const signature = Buffer.from(compact, 'base64');
  const key = new X509Certificate(certificatePem).publicKey;
  const wrong = {
    ok: false as const,
    code: 'bad_signature' as const,
    message: 'This signature does not match: sign exactly the challenge shown on the page, with the private key of this certificate.',
  };
  if (!supportedKey(key)) return wrong;
  const signed = [challenge, `${challenge}\n`].some((text) => {
    try {
      return verify('sha256', Buffer.from(text, 'utf8'), { key, padding: constants.RSA_PKCS1_PADDING, dsaEncoding: 'der' }, signature);
    } catch {
      // A malformed DER signature throws in some OpenSSL versions instead of answering false.
      return false;
    }
  });
  return signed ? { ok: true } : wrong;
}
