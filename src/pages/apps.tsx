import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import { AppCard } from '../features/apps/AppCard';
import type { AppRow, ApprovedCertificate, Outcome } from '../features/apps/types';
import type { HeldCertificate } from '../features/certificates/types';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';

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
  const [certificates, setCertificates] = useState<ApprovedCertificate[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const reload = useCallback(async () => {
    const result = await api<{ apps: AppRow[] }>('/apps');
    if (result.ok) setApps(result.apps);
    const mine = await api<{ certificates: HeldCertificate[] }>('/certificates');
    if (mine.ok) setCertificates(mine.certificates.filter((certificate) => certificate.opensAccess));
  }, []);
  useEffect(() => {
    if (me?.permissions.manageApps) void reload();
  }, [me, reload]);

  // One banner per outcome: a success clears the last failure and the other way round.
  const done = async (outcome: Outcome) => {
    setNote(outcome.ok ? outcome.note : null);
    setFailure(outcome.ok ? null : outcome.failure);
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
    setNote(`${form.name} is created: copy its secret above, then ask for API access on its card.`);
    setShown({ label: `Client secret of ${form.name} (client id ${result.clientId})`, secret: result.clientSecret });
    setForm({ name: '', description: '', businessContact: '', technicalContact: '' });
    await reload();
  };

  return (
    <PortalPage title="My apps" wide>
      {shown ? <SecretOnce {...shown} /> : null}
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      {apps.length === 0 ? <p>You have no app yet. Create one below: it gets a client id and secret for the sandbox.</p> : null}
      {apps.map((app) => (
        <AppCard
          key={app.id}
          app={app}
          apis={apis}
          readableApis={me.readableApis}
          certificates={certificates}
          onDone={done}
          onNewSecret={(label, secret) => setShown({ label, secret })}
        />
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
