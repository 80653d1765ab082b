import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';
import ProvePossession, { provedSentence } from '../portal/ProvePossession';
import CertificateCaRequest, { type HolderCaRequest } from '../portal/CertificateCaRequest';
import ReportRevoked from '../portal/ReportRevoked';

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
  /** A renewal or CA change: what it replaces, when, and whether the notice was under the guidelines' 5 working days. */
  change: { replacesId: string; changeAt: number; noticeWorkingDays: number; lateNotice: boolean } | null;
  caRequest: HolderCaRequest | null;
  /** The server's answer: it waits for its CA and no request for it is pending. */
  canAskForCa: boolean;
  /** What the daily re-check found (a CA expired or retired, a rule that changed, an end within 30 days). */
  recheck: { flag: string; detail: string; at: number } | null;
}

/** What each state means for the holder, in words. */
const STATUS_WORDS: Record<string, string> = {
  awaiting_ca:
    'Waiting: the authority that issued it is not accepted on this portal yet. It is kept for 30 days and checked again as soon as that authority is accepted.',
  pending: 'Waiting for the API owners',
  approved: 'Approved',
  refused: 'Refused',
  revoked: 'Revoked',
  expired: 'Expired',
};
const PROVABLE = new Set(['awaiting_ca', 'pending', 'approved']);

const day = (at: number) => new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** A renewal or CA change in words; a late one says so, whatever its CA's state. */
function ChangeNote({ change, replaced }: { change: NonNullable<CertificateRow['change']>; replaced?: CertificateRow }): React.JSX.Element {
  const what = `Replaces ${replaced?.subject ?? 'your previous certificate'} on ${day(change.changeAt)}.`;
  if (!change.lateNotice) return <small data-testid="certificate-change">{what}</small>;
  return (
    <div className="alert alert--warning margin-top--sm" role="status" data-testid="certificate-late-notice">
      {what} Announced {change.noticeWorkingDays} working day(s) ahead: the guidelines ask for at least 5. Your service may be interrupted if this certificate
      is not approved by then — tell the API owners.
    </div>
  );
}

/** A .pem/.crt stays text; DER (binary) travels as base64. */
async function readUpload(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const LABEL: React.CSSProperties = { display: 'block', fontWeight: 600 };

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
  /** Kept, but waiting for its CA (202): its failed chain check is pending, not a red cross. */
  const [waitingForCa, setWaitingForCa] = useState(false);
  /** The upload's outcome is a warning (waiting for its CA, or a change announced late), not a success. */
  const [warns, setWarns] = useState(false);
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
      // 202 (kept, waiting for its CA) or a late change: one warning banner, not a success beside a failed check.
      setWaitingForCa(response.status === 202);
      setWarns(response.status === 202 || Boolean(body.warning));
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
      setWarns(false);
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
      {note && warns ? (
        <div
          className="alert alert--warning margin-bottom--md"
          role="status"
          data-testid={waitingForCa ? 'certificate-waiting-for-ca' : 'certificate-late-warning'}
        >
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
        <div className="margin-bottom--sm">
          <label htmlFor="certificate-api" style={LABEL}>
            API
          </label>
          <select id="certificate-api" value={apiSlug} onChange={(event) => setApiSlug(event.target.value)} required>
            <option value="">Choose the API it is for</option>
            {apis.map((entry) => (
              <option key={entry.slug} value={entry.slug}>
                {entry.title}
              </option>
            ))}
          </select>
        </div>
        <div className="margin-bottom--sm">
          <label htmlFor="certificate-replaces" style={LABEL}>
            Replaces
          </label>
          <select id="certificate-replaces" value={replaces} onChange={(event) => setReplaces(event.target.value)}>
            <option value="">Nothing: a new certificate</option>
            {rows
              .filter((row) => row.status === 'approved' && row.apiSlug === apiSlug)
              .map((row) => (
                <option key={row.id} value={row.id}>
                  Renewal or CA change of {row.subject}
                </option>
              ))}
          </select>
          <br />
          <small>A renewal of a certificate that is still approved: both work until the change date. Announce it at least 5 working days ahead.</small>
        </div>
        {replaces ? (
          <div className="margin-bottom--sm">
            <label htmlFor="certificate-change-date" style={LABEL}>
              Change date
            </label>
            <input id="certificate-change-date" type="date" value={changeDate} required onChange={(event) => setChangeDate(event.target.value)} />
          </div>
        ) : null}
        <div className="margin-bottom--sm">
          <label htmlFor="certificate-file" style={LABEL}>
            Certificate file
          </label>
          <input id="certificate-file" type="file" accept=".pem,.crt,.cer,.der" required onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </div>
        <button className="button button--primary" type="submit">
          Upload and check
        </button>
      </form>
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="my-certificates">
          <thead>
            <tr>
              <th>Status</th>
              <th>Certificate</th>
              <th>API</th>
              <th>Valid</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4}>No certificate yet: upload the one your app will present for mTLS.</td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <tr key={row.id} data-status={row.status}>
                <td style={{ minWidth: 260 }}>
                  {row.status === 'pending' && !row.possessionProvedAt
                    ? 'Waiting for your proof of the private key (the owners review it after)'
                    : (STATUS_WORDS[row.status] ?? 'Unknown state')}
                  {row.decisionReason ? `: ${row.decisionReason}` : ''}
                  {row.recheck ? (
                    <div className="alert alert--warning margin-top--sm" role="status" data-testid="certificate-recheck">
                      Daily check of {new Date(row.recheck.at).toLocaleDateString()}: {row.recheck.detail}
                    </div>
                  ) : null}
                  {row.change && PROVABLE.has(row.status) ? (
                    <>
                      <br />
                      <ChangeNote change={row.change} replaced={rows.find((other) => other.id === row.change?.replacesId)} />
                    </>
                  ) : null}
                  {row.status === 'awaiting_ca' ? (
                    <CertificateCaRequest
                      certificateId={row.id}
                      issuer={row.issuer}
                      request={row.caRequest}
                      canAsk={row.canAskForCa}
                      onAsked={(sentence) => {
                        setFailure(null);
                        setChecks(null);
                        setWaitingForCa(false);
                        setWarns(false);
                        setNote(sentence);
                        void reload();
                      }}
                    />
                  ) : null}
                  <br />
                  {row.possessionProvedAt ? (
                    <small data-testid="possession-state">{provedSentence(row.possessionMethod, row.possessionProvedAt)}</small>
                  ) : PROVABLE.has(row.status) ? (
                    <ProvePossession
                      certificateId={row.id}
                      onProved={(sentence) => {
                        setWaitingForCa(false);
                        setWarns(false);
                        setNote(`${sentence} The API owners can now review your certificate.`);
                        void reload();
                      }}
                    />
                  ) : null}
                  {row.status === 'approved' || row.status === 'pending' ? (
                    <ReportRevoked
                      certificateId={row.id}
                      onDone={async (result) => {
                        if (result.ok) {
                          setFailure(null);
                          setWaitingForCa(false);
                          setWarns(false);
                          setNote(`Reported. The support team handles it by ${result.dueBy} (5 working days). Upload your new certificate when you have it.`);
                        } else {
                          setNote(null);
                          setFailure(result);
                        }
                        await reload();
                      }}
                    />
                  ) : null}
                </td>
                <td>
                  <strong>{row.subject}</strong>
                  <br />
                  <small>issued by {row.issuer}</small>
                  <br />
                  <small>
                    serial {row.serialNumber} · SHA-256 {row.sha256.slice(0, 16)}…
                  </small>
                </td>
                <td>{apis.find((entry) => entry.slug === row.apiSlug)?.title ?? row.apiSlug}</td>
                <td>
                  {day(row.notBefore)} to {day(row.notAfter)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </PortalPage>
  );
}
