import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import styles from './registry.module.css';
import type { Report } from './types';

const EMPTY = { name: '', certificate: '', ev: false };

/**
 * The platform team adds a CA, or gives an entry that awaits its certificate the PEM (EV confirmed).
 * Saved, the form empties and says so beside its button: the page's note is screens above on a phone.
 */
export function AddCaForm({ report }: { report: Report }): React.JSX.Element {
  const [form, setForm] = useState(EMPTY);
  const [saved, setSaved] = useState<string | null>(null);
  const edit = (change: Partial<typeof EMPTY>) => {
    setSaved(null);
    setForm((current) => ({ ...current, ...change }));
  };
  return (
    <form
      data-testid="add-ca"
      onSubmit={async (event) => {
        event.preventDefault();
        const success = `${form.name} is accepted.`;
        const result = await api('/registry/cas', { method: 'PUT', json: form });
        setSaved(result.ok ? success : null);
        if (result.ok) setForm(EMPTY);
        await report(result, success);
      }}
    >
      <label htmlFor="ca-name" className={styles.label}>
        CA name
      </label>
      <input
        id="ca-name"
        placeholder="e.g. 2014-2044 BNPP Root"
        value={form.name}
        onChange={(event) => edit({ name: event.target.value })}
        style={{ width: '100%', padding: '0.4rem 0.5rem', borderRadius: 6, marginBottom: '0.75rem' }}
      />
      <label htmlFor="ca-certificate" className={styles.label}>
        CA certificate (PEM)
      </label>
      <textarea
        id="ca-certificate"
        placeholder="-----BEGIN CERTIFICATE-----"
        rows={6}
        value={form.certificate}
        onChange={(event) => edit({ certificate: event.target.value })}
        style={{ width: '100%', fontFamily: 'monospace', borderRadius: 6 }}
      />
      <label style={{ display: 'block', margin: '0.5rem 0' }}>
        <input type="checkbox" checked={form.ev} onChange={(event) => edit({ ev: event.target.checked })} /> I checked that it is an audited EV certification
        authority
      </label>{' '}
      <button className="button button--primary" type="submit" disabled={!form.name || !form.certificate}>
        Save
      </button>
      {saved ? (
        <p className="margin-top--sm margin-bottom--none" role="status" data-testid="add-ca-outcome">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
