import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';
import ProvePossession, { provedSentence } from '../portal/ProvePossession';

interface Check {
  rule: string;
  ok: boolean;
  message: string;
  detail?: string;
}
interface CertificateRow {
  id: string;
  apiSlug: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  sha256: string;
  notBefore: number;
  notAfter: number;
  status: string;
  directlyIssued: boolean;
  decisionReason: string | null;
  possessionProvedAt: number | null;
  possessionMethod: 'tls_handshake' | 'signature' | null;
}

/** What each state means for the holder, in words. */
const STATUS_WORDS: Record<string, string> = {
  awaiting_ca: 'Waiting for its certification authority to be accepted (refused after 30 days if it is not)',
  pending: 'Waiting for the API owners',
  approved: 'Approved',
  refused: 'Refused',
  revoked: 'Revoked',
  expired: 'Expired',
};
const PROVABLE = new Set(['awaiting_ca', 'pending', 'approved']);

/** A .pem/.crt stays text; DER (binary) travels as base64. */
async function readUpload(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export default function CertificatesPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const apis = useApis();
  const [apiSlug, setApiSlug] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [replaces, setReplaces] = useState('');
  const [changeDate, setChangeDate] = useState('');
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [rows, setRows] = useState<CertificateRow[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [waitingForCa, setWaitingForCa] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const reload = useCallback(async () => {
    const result = await api<{ certificates: CertificateRow[] }>('/certificates');
    if (result.ok) setRows(result.certificates);
  }, []);
  useEffect(() => {
    if (me?.permissions.manageApps) void reload();
  }, [me, reload]);

  if (loading) return <PortalPage title="My certificates">Loading…</PortalPage>;
  if (!me)
    return (
      <PortalPage title="My certificates">
        <a href="/signin?next=%2Fcertificates">Sign in</a> to upload a client certificate.
      </PortalPage>
    );

  const upload = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    if (file.size > 256 * 1024)
      return setFailure({ ok: false, status: 413, code: 'too_large', message: 'The file is larger than 256 KB: upload your certificate and its chain only.' });
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
    if (response.ok) {
      setFailure(null);
      setChecks(body.checks ?? []);
      // 202: kept, but waiting for its CA — a notice, not a success beside a failed check.
      setWaitingForCa(response.status === 202);
      setNote(
        [
          body.message ??
            'Your certificate passed every check. Now prove you hold its private key (below); then the API owners review it and you are emailed their decision.',
          body.warning,
        ]
          .filter(Boolean)
          .join(' '),
      );
    } else {
      setNote(null);
      setWaitingForCa(false);
      setChecks(body.error?.details ?? null);
      setFailure({
        ok: false,
        status: response.status,
        code: body.error?.code ?? 'error',
        message: body.error?.message ?? `The portal answered ${response.status}.`,
      });
    }
    await reload();
  };

  return (
    <PortalPage title="My certificates" wide>
      <p>
        Upload your X.509 client certificate (PEM or DER, <code>.pem</code>, <code>.crt</code>, <code>.cer</code>, with its intermediate chain if any). It is
        checked at once; see <a href="/guides/certificates">how to upload a certificate</a>. Never upload your private key.
      </p>
      {note && waitingForCa ? (
        <div className="alert alert--warning margin-bottom--md" role="status" data-testid="certificate-waiting-for-ca">
          {note}
        </div>
      ) : note ? (
        <SuccessNote>{note}</SuccessNote>
      ) : null}
      <ErrorNote failure={failure} />
      {checks ? (
        <ul data-testid="certificate-checks">
          {checks.map((check, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the checks come in a fixed order and never move
            <li key={index} style={{ color: check.ok || waitingForCa ? undefined : 'var(--ifm-color-danger)' }}>
              {check.ok ? '✓' : waitingForCa ? '…' : '✗'} {check.message} {check.detail && !check.ok ? <small>({check.detail})</small> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={upload} className="margin-bottom--lg" data-testid="certificate-upload">
        <select aria-label="API" value={apiSlug} onChange={(event) => setApiSlug(event.target.value)} required>
          <option value="">For which API?</option>
          {apis.map((entry) => (
            <option key={entry.slug} value={entry.slug}>
              {entry.title}
            </option>
          ))}
        </select>{' '}
        <select aria-label="Replaces" value={replaces} onChange={(event) => setReplaces(event.target.value)}>
          <option value="">New certificate</option>
          {rows
            .filter((row) => row.status === 'approved' && row.apiSlug === apiSlug)
            .map((row) => (
              <option key={row.id} value={row.id}>
                Renewal or CA change of {row.subject}
              </option>
            ))}
        </select>{' '}
        {replaces ? <input type="date" aria-label="Change date" value={changeDate} required onChange={(event) => setChangeDate(event.target.value)} /> : null}{' '}
        <input type="file" aria-label="Certificate file" accept=".pem,.crt,.cer,.der" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />{' '}
        <button className="button button--primary" type="submit" disabled={!file || !apiSlug}>
          Upload and check
        </button>
      </form>
      <table data-testid="my-certificates">
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-status={row.status}>
              <td>
                <strong>{row.subject}</strong>
                <br />
                <small>issuer {row.issuer}</small>
                <br />
                <small>
                  serial {row.serialNumber} · SHA-256 {row.sha256.slice(0, 16)}…
                </small>
              </td>
              <td>{apis.find((entry) => entry.slug === row.apiSlug)?.title ?? row.apiSlug}</td>
              <td>
                valid {new Date(row.notBefore).toLocaleDateString()} → {new Date(row.notAfter).toLocaleDateString()}
              </td>
              <td>
                {row.status === 'pending' && !row.possessionProvedAt
                  ? 'Waiting for your proof of the private key (the owners review it after)'
                  : (STATUS_WORDS[row.status] ?? row.status)}
                {row.decisionReason ? `: ${row.decisionReason}` : ''}
                <br />
                {row.possessionProvedAt ? (
                  <small data-testid="possession-state">{provedSentence(row.possessionMethod, row.possessionProvedAt)}</small>
                ) : PROVABLE.has(row.status) ? (
                  <ProvePossession
                    certificateId={row.id}
                    onProved={(sentence) => {
                      setWaitingForCa(false);
                      setNote(`${sentence} The API owners can now review your certificate.`);
                      void reload();
                    }}
                  />
                ) : null}
                {row.status === 'approved' || row.status === 'pending' ? (
                  <button
                    type="button"
                    className="button button--sm button--link"
                    onClick={async () => {
                      if (!window.confirm('Report this certificate as revoked? It stops working at once, with the API access that uses it.')) return;
                      const result = await api<{ dueBy: string }>(`/certificates/${row.id}/report-revoked`, { method: 'POST' });
                      if (result.ok) {
                        setFailure(null);
                        setNote(`Reported. The support team handles it by ${result.dueBy} (5 working days). Upload your new certificate when you have it.`);
                      } else setFailure(result);
                      await reload();
                    }}
                  >
                    report revoked
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PortalPage>
  );
}
