import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, PortalPage, SuccessNote } from '../portal/components';
import { accessStatusWords } from '../portal/access-words';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';

interface AppRow {
  id: string;
  name: string;
  description: string;
  businessContact: string;
  technicalContact: string;
  secrets: Array<{ id: string; hint: string; createdAt: number; expiresAt: number | null; revokedAt: number | null; live: boolean }>;
  apiAccess: Array<{ id: string; apiSlug: string; environment: string; authMethod: string; status: string; decisionReason: string | null }>;
}

/** The secret, this once: a box that says so, with a copy button. */
function SecretOnce({ label, secret }: { label: string; secret: string }): React.JSX.Element {
  return (
    <div className="alert alert--warning" data-testid="secret-once">
      <strong>{label}</strong> — copy it now: it is shown only this once, and never again.
      <pre data-testid="secret-value" style={{ userSelect: 'all', margin: '0.5rem 0' }}>
        {secret}
      </pre>
      <button type="button" className="button button--sm button--secondary" onClick={() => navigator.clipboard?.writeText(secret)}>
        Copy
      </button>
    </div>
  );
}

export default function AppsPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const apis = useApis();
  const [apps, setApps] = useState<AppRow[]>([]);
  const [form, setForm] = useState({ name: '', description: '', businessContact: '', technicalContact: '' });
  const [shown, setShown] = useState<{ label: string; secret: string } | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [mtls, setMtls] = useState<Record<string, { environment: string; certificateId: string }>>({});
  const [certificates, setCertificates] = useState<Array<{ id: string; apiSlug: string; subject: string; status: string }>>([]);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const reload = useCallback(async () => {
    const result = await api<{ apps: AppRow[] }>('/apps');
    if (result.ok) setApps(result.apps);
    const mine = await api<{ certificates: Array<{ id: string; apiSlug: string; subject: string; status: string }> }>('/certificates');
    if (mine.ok) setCertificates(mine.certificates.filter((certificate) => certificate.status === 'approved'));
  }, []);
  useEffect(() => {
    if (me?.permissions.manageApps) void reload();
  }, [me, reload]);

  const run = async (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else setFailure(result as ApiFailure);
    await reload();
  };

  if (loading) return <PortalPage title="My apps">Loading…</PortalPage>;
  if (!me)
    return (
      <PortalPage title="My apps">
        <a href="/signin?next=%2Fapps">Sign in</a> to create apps and get credentials.
      </PortalPage>
    );
  if (!me.permissions.manageApps) return <PortalPage title="My apps">Confirm your email address first (follow the link we sent you).</PortalPage>;

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = await api<{ clientId: string; clientSecret: string }>('/apps', { json: form });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setShown({ label: `Client secret of ${form.name} (client id ${result.clientId})`, secret: result.clientSecret });
    setForm({ name: '', description: '', businessContact: '', technicalContact: '' });
    await reload();
  };

  return (
    <PortalPage title="My apps" wide>
      {shown ? <SecretOnce {...shown} /> : null}
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      {apps.map((app) => (
        <section key={app.id} className="card margin-bottom--lg" data-testid="app-card" data-app={app.name}>
          <div className="card__header">
            <h2 style={{ marginBottom: 0 }}>{app.name}</h2>
            <code data-testid="client-id">{app.id}</code>
          </div>
          <div className="card__body">
            <p>{app.description}</p>
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
                if (!result.ok) return setFailure(result);
                setShown({ label: `New client secret of ${app.name} (the previous one keeps working for 24 hours)`, secret: result.clientSecret });
                await reload();
              }}
            >
              Rotate the secret
            </button>
            <h3 className="margin-top--md">API access</h3>
            <ul data-testid="app-access">
              {app.apiAccess.map((access) => (
                <li key={access.id} data-api={access.apiSlug} data-status={access.status}>
                  {apis.find((candidate) => candidate.slug === access.apiSlug)?.title ?? access.apiSlug} · {access.environment} ·{' '}
                  {access.authMethod === 'mtls' ? 'mTLS' : 'client id/secret'}: <strong>{accessStatusWords(access.status)}</strong>
                  {access.decisionReason ? `: ${access.decisionReason}` : ''}
                  {access.status === 'approved' && access.environment === 'sandbox' ? (
                    <>
                      {' '}
                      · <a href={apis.find((candidate) => candidate.slug === access.apiSlug)?.docsPath ?? '#'}>Try it</a> ·{' '}
                      <a href={`/try?api=${access.apiSlug}`}>Try programmatically</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <select
              aria-label={`API for ${app.name}`}
              value={choice[app.id] ?? ''}
              onChange={(event) => setChoice((current) => ({ ...current, [app.id]: event.target.value }))}
            >
              <option value="">Choose an API</option>
              {apis.map((candidate) => (
                <option key={candidate.slug} value={candidate.slug}>
                  {candidate.title}
                </option>
              ))}
            </select>{' '}
            <button
              type="button"
              className="button button--sm button--primary"
              disabled={!choice[app.id]}
              onClick={async () =>
                run(
                  await api(`/apps/${app.id}/api-access`, { json: { apiSlug: choice[app.id], environment: 'sandbox', authMethod: 'client_secret' } }),
                  'Sandbox access requested: the API owners are emailed.',
                )
              }
            >
              Request sandbox access
            </button>{' '}
            <div className="margin-vert--sm" data-testid="mtls-request">
              <select
                aria-label={`mTLS environment for ${app.name}`}
                value={mtls[app.id]?.environment ?? 'sandbox'}
                onChange={(event) =>
                  setMtls((current) => ({ ...current, [app.id]: { certificateId: current[app.id]?.certificateId ?? '', environment: event.target.value } }))
                }
              >
                <option value="sandbox">sandbox</option>
                <option value="production">production</option>
              </select>{' '}
              <select
                aria-label={`Certificate for ${app.name}`}
                value={mtls[app.id]?.certificateId ?? ''}
                onChange={(event) =>
                  setMtls((current) => ({
                    ...current,
                    [app.id]: { environment: current[app.id]?.environment ?? 'sandbox', certificateId: event.target.value },
                  }))
                }
              >
                <option value="">Approved certificate for the chosen API</option>
                {certificates
                  .filter((certificate) => certificate.apiSlug === choice[app.id])
                  .map((certificate) => (
                    <option key={certificate.id} value={certificate.id}>
                      {certificate.subject}
                    </option>
                  ))}
              </select>{' '}
              <button
                type="button"
                className="button button--sm button--primary"
                disabled={!choice[app.id] || !mtls[app.id]?.certificateId}
                onClick={async () =>
                  run(
                    await api(`/apps/${app.id}/api-access`, {
                      json: {
                        apiSlug: choice[app.id],
                        environment: mtls[app.id]?.environment ?? 'sandbox',
                        authMethod: 'mtls',
                        certificateId: mtls[app.id]?.certificateId,
                      },
                    }),
                    'mTLS access requested: the API owners review it.',
                  )
                }
              >
                Request mTLS access
              </button>
            </div>
            <button
              type="button"
              className="button button--sm button--secondary"
              onClick={async () => {
                const name = window.prompt('Name of the app', app.name);
                if (name === null) return;
                const description = window.prompt('Description', app.description) ?? app.description;
                await run(await api(`/apps/${app.id}`, { method: 'PATCH', json: { name, description } }), 'The app is updated.');
              }}
            >
              Rename or describe
            </button>{' '}
            <button
              type="button"
              className="button button--sm button--danger"
              onClick={async () =>
                window.confirm(`Delete ${app.name}? Its secrets and API access stop at once.`) &&
                run(await api(`/apps/${app.id}`, { method: 'DELETE' }), `${app.name} is deleted.`)
              }
            >
              Delete the app
            </button>
          </div>
        </section>
      ))}
      <h2>Create an app</h2>
      <form onSubmit={create} style={{ maxWidth: 560 }}>
        <Field label="Name" name="name" value={form.name} onChange={(value) => setForm((current) => ({ ...current, name: value }))} />
        <Field
          label="Description"
          name="description"
          required={false}
          value={form.description}
          onChange={(value) => setForm((current) => ({ ...current, description: value }))}
        />
        <Field
          label="Business contact"
          name="businessContact"
          value={form.businessContact}
          onChange={(value) => setForm((current) => ({ ...current, businessContact: value }))}
          hint="Name and phone of the person who answers for the contract."
        />
        <Field
          label="Technical contact"
          name="technicalContact"
          value={form.technicalContact}
          onChange={(value) => setForm((current) => ({ ...current, technicalContact: value }))}
          hint="Who to call when the integration breaks."
        />
        <button className="button button--primary" type="submit">
          Create the app
        </button>
      </form>
    </PortalPage>
  );
}
