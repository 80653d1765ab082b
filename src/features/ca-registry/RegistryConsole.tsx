import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import { type Column, StackedTable } from '../../portal/StackedTable';
import { AddCaForm } from './AddCaForm';
import { CaRequestDecision } from './CaRequestDecision';
import { CcadbComparison } from './CcadbComparison';
import { RetireCa } from './RetireCa';
import styles from './registry.module.css';
import type { Ca, CaRequestRow, Report } from './types';
import { CA_REQUEST_STATES, dayWords, stateBadge } from './words';

/** The registry's CAs and the requests to add one, loaded together and again after each change. */
function useRegistry(report: Report) {
  const [cas, setCas] = useState<Ca[]>([]);
  const [requests, setRequests] = useState<CaRequestRow[]>([]);
  const reload = useCallback(async () => {
    const [registry, pending] = await Promise.all([api<{ cas: Ca[] }>('/registry/cas'), api<{ requests: CaRequestRow[] }>('/registry/requests')]);
    if (registry.ok) setCas(registry.cas);
    else await report(registry, '');
    if (pending.ok) setRequests(pending.requests);
  }, [report]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const change: Report = async (result, success) => {
    await report(result, success);
    await reload();
  };
  return { cas, requests, change };
}

function registryColumns(retiring: string | null, setRetiring: (name: string | null) => void): Column<Ca>[] {
  return [
    {
      header: 'Authority',
      cell: (ca) => (
        <>
          {ca.name} {ca.ev ? <span className="badge badge--success">EV</span> : null}
        </>
      ),
    },
    {
      header: 'State',
      cell: (ca) => (
        <>
          <span className={`${stateBadge(ca.state)} ${styles.state}`}>{ca.stateWords}</span>
          {ca.retiredReason ? <div>“{ca.retiredReason}”</div> : null}
        </>
      ),
    },
    { header: 'Valid until', cell: (ca) => <span style={{ whiteSpace: 'nowrap' }}>{ca.notAfter ? dayWords(ca.notAfter) : '—'}</span> },
    { header: 'Approved client certificates', cell: (ca) => ca.dependents.length },
    { header: 'Added', cell: (ca) => `${ca.seeded ? 'from the security guidelines' : 'by the platform team'} · ${dayWords(ca.createdAt)}` },
    {
      header: 'Action',
      bare: true,
      cell: (ca) =>
        ca.state === 'retired' ? null : (
          // The Action cell has no header beside it on a phone: the button names its CA.
          <button
            type="button"
            className="button button--sm button--outline button--danger"
            aria-label={`Retire ${ca.name}…`}
            aria-expanded={retiring === ca.name}
            aria-controls={retiring === ca.name ? RETIRE_PANEL : undefined}
            onClick={() => setRetiring(ca.name)}
          >
            Retire…
          </button>
        ),
    },
  ];
}

/** The id of the retirement panel, below the table: in the Action cell it squeezed the other columns until words broke mid-letter. */
const RETIRE_PANEL = 'retire-preview';

function CaRequests({ requests, change }: { requests: CaRequestRow[]; change: Report }): React.JSX.Element {
  const decide = (row: CaRequestRow, json: object, success: string) => async () =>
    change(await api(`/registry/requests/${row.request.id}/decide`, { json }), success);
  return (
    <>
      <h2 className="margin-top--lg">Requests to add a CA</h2>
      <p>From API owners, and from partners whose certificate waits for its CA.</p>
      {requests.length === 0 ? <p>None.</p> : null}
      <ul data-testid="ca-requests">
        {requests.map((row) => (
          <li key={row.request.id} data-status={row.request.status} data-name={row.request.name}>
            <strong>{row.request.name}</strong> — asked by {row.requester.fullName} ({row.requester.email}) on {dayWords(row.request.createdAt)}:{' '}
            {row.request.reason}{' '}
            <span className={`badge ${CA_REQUEST_STATES[row.request.status]?.badge ?? 'badge--secondary'}`} data-testid="ca-request-state">
              {CA_REQUEST_STATES[row.request.status]?.words ?? row.request.status}
            </span>
            {row.request.status === 'pending' ? (
              <CaRequestDecision
                name={row.request.name}
                certificate={row.certificate}
                onAdd={decide(row, { add: true, ev: true }, `${row.request.name} is accepted.`)}
                onDecline={(reason) => decide(row, { add: false, reason }, `${row.request.name} is declined.`)()}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The platform team's accepted-CA registry: each CA's state from today's date, what depends on
 * it, retirement; the registry compared with the CCADB report; add-CA requests with the CA's facts,
 * decided in the page; adding a CA. `report` shows what a change did (the page's one note).
 */
export function RegistryConsole({ report }: { report: Report }): React.JSX.Element {
  const { cas, requests, change } = useRegistry(report);
  const [retiring, setRetiring] = useState<string | null>(null);
  const retiringCa = cas.find((ca) => ca.name === retiring && ca.state !== 'retired');
  return (
    <>
      <StackedTable
        testId="ca-registry"
        columns={registryColumns(retiring, setRetiring)}
        rows={cas}
        rowKey={(ca) => ca.id}
        rowProps={(ca) => ({ 'data-name': ca.name, 'data-state': ca.state })}
      />
      {retiringCa ? (
        <RetireCa
          key={retiringCa.name}
          id={RETIRE_PANEL}
          name={retiringCa.name}
          dependents={retiringCa.dependents}
          onCancel={() => setRetiring(null)}
          onRetire={async (reason) => {
            setRetiring(null);
            await change(await api('/registry/cas/retire', { json: { name: retiringCa.name, reason } }), `${retiringCa.name} is retired.`);
          }}
        />
      ) : null}
      <CcadbComparison />
      <CaRequests requests={requests} change={change} />
      <h2 className="margin-top--lg">Add a CA, or give an awaiting entry its certificate</h2>
      <AddCaForm report={change} />
    </>
  );
}
