import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import { accessStatusWords } from '../../portal/access-words';
import { ConfirmButton } from '../../portal/ConfirmButton';
import { Field } from '../../portal/components';
import type { ApiSummary } from '../../portal/use-apis';
import { RequestAccessForm } from './RequestAccessForm';
import type { AppRow, ApprovedCertificate, Outcome } from './types';
import { ENVIRONMENT_WORDS, METHOD_WORDS } from './words';

/** One app: its client id, secrets, API access (asked and asking), and its settings. */
export function AppCard(props: {
  app: AppRow;
  apis: ApiSummary[];
  readableApis: string[];
  certificates: ApprovedCertificate[];
  onDone: (outcome: Outcome) => Promise<void>;
  onNewSecret: (label: string, secret: string) => void;
}): React.JSX.Element {
  const { app, apis, onDone } = props;
  const titleOf = (slug: string) => apis.find((candidate) => candidate.slug === slug)?.title ?? slug;
  const run = async (result: { ok: boolean }, note: string) =>
    onDone(result.ok ? { ok: true, note } : { ok: false, failure: result as Extract<Awaited<ReturnType<typeof api>>, { ok: false }> });
  return (
    <section className="card margin-bottom--lg" data-testid="app-card" data-app={app.name} aria-labelledby={`app-${app.id}`}>
      <div className="card__header">
        <h2 id={`app-${app.id}`} style={{ marginBottom: 0 }}>
          {app.name}
        </h2>
        <span>
          Client id <code data-testid="client-id">{app.id}</code>
        </span>
      </div>
      <div className="card__body">
        {app.description ? <p>{app.description}</p> : null}
        <p>
          Business contact: {app.businessContact} · Technical contact: {app.technicalContact}
        </p>
        <h3>Client secrets</h3>
        <ul>
          {app.secrets.map((secret) => (
            <li key={secret.id}>
              …{secret.hint} · created {new Date(secret.createdAt).toLocaleDateString()}
              {secret.revokedAt
                ? ' · revoked'
                : secret.expiresAt
                  ? ` · ${secret.live ? 'expires' : 'expired'} ${new Date(secret.expiresAt).toLocaleString()}`
                  : ''}
              {secret.live ? (
                <button
                  type="button"
                  className="button button--sm button--link"
                  onClick={async () => run(await api(`/apps/${app.id}/secrets/${secret.id}/revoke`, { method: 'POST' }), 'The secret is revoked.')}
                >
                  revoke
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={async () => {
            const result = await api<{ clientSecret: string }>(`/apps/${app.id}/secrets`, { json: { overlapHours: 24 } });
            if (!result.ok) return onDone({ ok: false, failure: result });
            props.onNewSecret(`New client secret of ${app.name} (the previous one keeps working for 24 hours)`, result.clientSecret);
            await onDone({ ok: true, note: `A new secret for ${app.name}: copy it above.` });
          }}
        >
          Rotate the secret
        </button>
        <h3 className="margin-top--md">API access</h3>
        {app.apiAccess.length === 0 ? <p>None yet: ask for access to an API below.</p> : null}
        <ul data-testid="app-access">
          {app.apiAccess.map((access) => (
            <li key={access.id} data-api={access.apiSlug} data-status={access.status}>
              {titleOf(access.apiSlug)} · {ENVIRONMENT_WORDS[access.environment] ?? access.environment} · {METHOD_WORDS[access.authMethod] ?? access.authMethod}
              : <strong>{accessStatusWords(access.status)}</strong>
              {access.decisionReason ? `: ${access.decisionReason}` : ''}
              {access.opensSandbox ? (
                <>
                  {' '}
                  · <a href={apis.find((candidate) => candidate.slug === access.apiSlug)?.docsPath ?? '#'}>Try it</a> ·{' '}
                  <a href={`/try?api=${access.apiSlug}`}>Try programmatically</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        <h4>Ask for API access</h4>
        <RequestAccessForm appId={app.id} appName={app.name} apis={apis} readableApis={props.readableApis} certificates={props.certificates} onDone={onDone} />
        <h3 className="margin-top--lg">Settings</h3>
        <EditApp app={app} onDone={onDone} />
        <ConfirmButton
          label="Delete the app"
          danger
          consequence={`Delete ${app.name}? Its secrets and API access stop at once; this cannot be undone.`}
          confirmLabel={`Delete ${app.name}`}
          onConfirm={async () => run(await api(`/apps/${app.id}`, { method: 'DELETE' }), `${app.name} is deleted.`)}
        />
      </div>
    </section>
  );
}

/** Name and description, edited in the page. */
function EditApp({ app, onDone }: { app: AppRow; onDone: (outcome: Outcome) => Promise<void> }): React.JSX.Element {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description);
  if (!editing)
    return (
      <button type="button" className="button button--sm button--secondary margin-right--sm" onClick={() => setEditing(true)}>
        Rename or describe
      </button>
    );
  return (
    <form
      className="margin-bottom--md"
      style={{ maxWidth: 480 }}
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await api(`/apps/${app.id}`, { method: 'PATCH', json: { name, description } });
        if (!result.ok) return onDone({ ok: false, failure: result });
        setEditing(false);
        await onDone({ ok: true, note: 'The app is updated.' });
      }}
    >
      <Field label="Name" name={`name-${app.id}`} value={name} onChange={setName} />
      <Field label="Description" name={`description-${app.id}`} required={false} value={description} onChange={setDescription} />
      <button type="submit" className="button button--sm button--primary">
        Save
      </button>{' '}
      <button type="button" className="button button--sm button--secondary" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}
