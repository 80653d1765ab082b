import type { ApiFailure } from '../../portal/api-client';
import type { Check } from './types';
import { UPLOAD_FAILED } from './words';

/** What the holder is told after an upload: the checks, and a success, a warning or the refusal. */
export type UploadOutcome =
  | { ok: true; checks: Check[]; note: string; warns: boolean; waitingForCa: boolean }
  | { ok: false; checks: Check[] | null; failure: ApiFailure };

const MAX_BYTES = 256 * 1024;

/** A .pem/.crt stays text; DER (binary) travels as base64. */
async function readUpload(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A file over the server's limit, refused before it is sent; null when it may go. */
export function tooLarge(file: File): ApiFailure | null {
  if (file.size <= MAX_BYTES) return null;
  return { ok: false, status: 413, code: 'too_large', message: 'The file is larger than 256 KB: upload your certificate and its chain only.' };
}

/**
 * POST /api/certificates. Read with fetch, not api(): a refusal's checks are in its error's
 * details, and a 202 (kept, waiting for its CA) is a warning rather than a success.
 */
export async function uploadCertificate(file: File, fields: { apiSlug: string; replaces: string; changeDate: string }): Promise<UploadOutcome> {
  const { apiSlug, replaces, changeDate } = fields;
  const response = await fetch('/api/certificates', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ certificate: await readUpload(file), apiSlug, ...(replaces ? { replaces, changeDate } : {}) }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    checks?: Check[];
    message?: string;
    warning?: string;
    error?: { code: string; message: string; details?: Check[] };
  };
  if (!response.ok)
    return {
      ok: false,
      checks: body.error?.details ?? null,
      failure: {
        ok: false,
        status: response.status,
        code: body.error?.code ?? 'error',
        message: body.error?.message ?? UPLOAD_FAILED,
      },
    };
  const waitingForCa = response.status === 202;
  const passed =
    'Your certificate passed every check. Now prove you hold its private key (below); then the API owners review it and you are emailed their decision.';
  return {
    ok: true,
    checks: body.checks ?? [],
    // 202 (kept, waiting for its CA) or a late change: one warning banner, not a success beside a failed check.
    waitingForCa,
    warns: waitingForCa || Boolean(body.warning),
    note: [body.message ?? passed, body.warning].filter(Boolean).join(' '),
  };
}
