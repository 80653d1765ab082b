import type React from 'react';
import { StackedTable } from '../../portal/StackedTable';
import styles from './registry.module.css';
import type { CcadbCa, CcadbReport, CcadbStanding, CcadbWarning } from './types';
import { momentWords } from './words';

/** No report yet: where the platform team gets it, and that nothing is fetched for them. */
function CcadbEmpty(): React.JSX.Element {
  return (
    <div className="alert alert--info" data-testid="ccadb-empty">
      <p>
        <strong>No CCADB report has been imported yet</strong>, so the registry is not compared with Mozilla's list of included CAs.
      </p>
      <p className="margin-bottom--none">
        Download the CCADB <strong>Included CA Certificate Report</strong> as CSV (<code>IncludedCACertificateReport.csv</code>, linked from{' '}
        <a href="https://www.ccadb.org/resources" rel="noreferrer" target="_blank">
          ccadb.org/resources
        </a>
        ) and import it above, or on the server with <code>portico registry import-ccadb FILE</code>. The portal makes no network call: it compares the registry
        only with the file you give it, so import a fresh one now and then.
      </p>
    </div>
  );
}

/** Which report the comparison is with: when it was imported, by whom, from what. */
function ReportFacts({ report }: { report: CcadbReport }): React.JSX.Element {
  const how = report.via === 'command' ? 'with portico registry import-ccadb' : 'through this page';
  return (
    <p data-testid="ccadb-report">
      Compared with the report imported on <strong>{momentWords(report.importedAt)}</strong> by{' '}
      <strong>{report.importedBy ?? 'an operator (no name given)'}</strong> {how}
      {report.fileName ? (
        <>
          {' '}
          from <code>{report.fileName}</code>
        </>
      ) : null}
      : it lists {report.entryCount} certificate{report.entryCount === 1 ? '' : 's'}.
    </p>
  );
}

/** What needs the platform team's attention, above the table: a CA missing, without TLS trust or without EV. */
function Warnings({ warnings }: { warnings: CcadbWarning[] }): React.JSX.Element {
  if (warnings.length === 0)
    return (
      <p className="alert alert--success" data-testid="ccadb-no-warnings">
        No warning: every CA the report can speak for is in it, trusted for TLS, and EV where the registry says so.
      </p>
    );
  return (
    <div className="alert alert--warning margin-bottom--md" role="alert" data-testid="ccadb-warnings">
      <strong>
        {warnings.length} warning{warnings.length === 1 ? '' : 's'} for the registry
      </strong>
      <ul className="margin-bottom--none">
        {warnings.map((warning) => (
          <li key={`${warning.caId}-${warning.kind}`} data-name={warning.name} data-kind={warning.kind}>
            {warning.words}
          </li>
        ))}
      </ul>
    </div>
  );
}

const COLUMNS = [
  { header: 'Authority', cell: (ca: CcadbCa) => ca.name },
  { header: 'In the report', cell: (ca: CcadbCa) => ca.inReportWords },
  { header: 'Trusted for', cell: (ca: CcadbCa) => ca.trustWords },
  { header: 'EV', cell: (ca: CcadbCa) => <span className={styles.oids}>{ca.evWords}</span> },
  {
    header: 'TLS distrusted after',
    cell: (ca: CcadbCa) => ca.tlsDistrustAfter ?? '—',
  },
];

/** The registry against the latest report: its facts, the warnings first, then per CA what the report says. */
export function CcadbStandingView({ standing }: { standing: CcadbStanding }): React.JSX.Element {
  if (!standing.report) return <CcadbEmpty />;
  const warned = new Set(standing.warnings.map((warning) => warning.caId));
  return (
    <>
      <ReportFacts report={standing.report} />
      <Warnings warnings={standing.warnings} />
      <StackedTable
        testId="ccadb-standing"
        caption="Each CA of the registry, found in the report by its SHA-256"
        columns={COLUMNS}
        rows={standing.cas}
        rowKey={(ca) => ca.caId}
        rowProps={(ca) => ({
          'data-name': ca.name,
          'data-in-report': ca.inReport === null ? 'not-compared' : ca.inReport ? 'yes' : 'no',
          'data-warned': warned.has(ca.caId) ? 'yes' : undefined,
          className: warned.has(ca.caId) ? styles.warned : undefined,
        })}
      />
    </>
  );
}
