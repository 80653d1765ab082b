import type React from 'react';
import type { ApiFailure } from '../../portal/api-client';
import { type Column, StackedTable } from '../../portal/StackedTable';
import type { ApiSummary } from '../../portal/use-apis';
import CertificateCaRequest from './CertificateCaRequest';
import ProvePossession from './ProvePossession';
import ReportRevoked from './ReportRevoked';
import type { CertificateChange, HeldCertificate } from './types';
import { apiTitle, certificateStatusWords, day, provedSentence } from './words';

/** A renewal or CA change in words; a late one says so, whatever its CA's state. */
function ChangeNote({ change, replaced }: { change: CertificateChange; replaced?: HeldCertificate }): React.JSX.Element {
  const what = `Replaces ${replaced?.subject ?? 'your previous certificate'} on ${day(change.changeAt)}.`;
  if (!change.lateNotice) return <small data-testid="certificate-change">{what}</small>;
  return (
    <div className="alert alert--warning margin-top--sm" role="status" data-testid="certificate-late-notice">
      {what} Announced {change.noticeWorkingDays} working day(s) ahead: the guidelines ask for at least 5. Your service may be interrupted if this certificate
      is not approved by then — tell the API owners.
    </div>
  );
}

export interface RowEvents {
  /** The holder asked for (or joined a request for) the certificate's CA. */
  onAsked(sentence: string): void;
  onProved(sentence: string): void;
  onReported(result: { ok: true; dueBy: string } | ApiFailure): Promise<void>;
}

const proofAnchor = (row: HeldCertificate) => `prove-${row.id}`;

/** A certificate's state, and what its holder can do next: ask for its CA, prove the key, report it revoked. */
function StatusCell({ row, rows, events }: { row: HeldCertificate; rows: HeldCertificate[]; events: RowEvents }): React.JSX.Element {
  return (
    <>
      {certificateStatusWords(row)}
      {row.decisionReason ? `: ${row.decisionReason}` : ''}
      {row.recheck ? (
        <div className="alert alert--warning margin-top--sm" role="status" data-testid="certificate-recheck">
          Daily check of {new Date(row.recheck.at).toLocaleDateString()}: {row.recheck.detail}
        </div>
      ) : null}
      {row.change && row.canProvePossession ? (
        <>
          <br />
          <ChangeNote change={row.change} replaced={rows.find((other) => other.id === row.change?.replacesId)} />
        </>
      ) : null}
      {row.status === 'awaiting_ca' ? (
        <CertificateCaRequest certificateId={row.id} issuer={row.issuer} request={row.caRequest} canAsk={row.canAskForCa} onAsked={events.onAsked} />
      ) : null}
      <br />
      {row.possessionProvedAt ? (
        <small data-testid="possession-state">{provedSentence(row.possessionMethod, row.possessionProvedAt)}</small>
      ) : row.canProvePossession ? (
        <a href={`#${proofAnchor(row)}`} data-testid="prove-possession-link">
          Next step: prove you hold its private key (below)
        </a>
      ) : null}
      {row.canReportRevoked ? <ReportRevoked certificateId={row.id} subject={row.subject} onDone={events.onReported} /> : null}
    </>
  );
}

/** The holder's certificates: state and next step, subject and issuer, API, validity; one block per certificate on a phone. */
export function CertificateTable({ rows, apis, events }: { rows: HeldCertificate[]; apis: ApiSummary[]; events: RowEvents }): React.JSX.Element {
  if (rows.length === 0) return <p data-testid="my-certificates-empty">No certificate yet: upload the one your app will present for mTLS.</p>;
  const columns: Column<HeldCertificate>[] = [
    { header: 'Status', cell: (row) => <StatusCell row={row} rows={rows} events={events} /> },
    {
      header: 'Certificate',
      cell: (row) => (
        <>
          <strong>{row.subject}</strong>
          <br />
          <small>issued by {row.issuer}</small>
          <br />
          <small>
            serial {row.serialNumber} · SHA-256 {row.sha256.slice(0, 16)}…
          </small>
        </>
      ),
    },
    { header: 'API', cell: (row) => apiTitle(apis, row.apiSlug) },
    { header: 'Valid', cell: (row) => `${day(row.notBefore)} to ${day(row.notAfter)}` },
  ];
  // The proof's commands need the page's width: below the table, one section per certificate, not in a cell.
  const toProve = rows.filter((row) => row.canProvePossession && !row.possessionProvedAt);
  return (
    <>
      <StackedTable
        testId="my-certificates"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.id}
        rowProps={(row) => ({ 'data-status': row.status, 'data-api': row.apiSlug })}
      />
      {toProve.map((row) => (
        <section key={row.id} id={proofAnchor(row)} className="margin-top--lg" aria-label={`Prove you hold the key of ${row.subject}`}>
          <h2>Prove you hold its private key</h2>
          <p>
            <strong>{row.subject}</strong> for {apiTitle(apis, row.apiSlug)}
          </p>
          <ProvePossession certificateId={row.id} onProved={events.onProved} />
        </section>
      ))}
    </>
  );
}
